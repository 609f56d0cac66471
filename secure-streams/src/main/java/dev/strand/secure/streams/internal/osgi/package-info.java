/** The bundle activator that starts the SS proxy inside the container. Not exported. */
package dev.strand.secure.streams.internal.osgi;
