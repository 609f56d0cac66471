package dev.strand.transport.wsi.internal.osgi;

import dev.strand.transport.wsi.WsiResources;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * In OSGi this bundle owns the shared Netty groups: stopping it shuts them down. Nothing starts
 * here; the groups are created on first use.
 */
public final class WsiActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
    }

    @Override
    public void stop(BundleContext context) {
        WsiResources.shutdown();
    }
}
