/**
 * The provider registry: which transports and protocols are present. Inside an OSGi framework it
 * is fed by service trackers (providers come and go with their bundles); on the module path or
 * class path it is filled once from {@link java.util.ServiceLoader}. The same jars work in both.
 */
package dev.strand.core.net.registry;
