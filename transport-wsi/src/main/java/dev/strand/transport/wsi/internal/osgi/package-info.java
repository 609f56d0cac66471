/** The OSGi bundle activator: stopping the bundle shuts the shared Netty groups down. */
package dev.strand.transport.wsi.internal.osgi;
