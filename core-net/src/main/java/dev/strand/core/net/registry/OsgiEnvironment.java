package dev.strand.core.net.registry;

/**
 * Tells whether a class was loaded by an OSGi bundle, without linking to OSGi classes (which are
 * absent on the module path).
 */
final class OsgiEnvironment {

    private static final String BUNDLE_REFERENCE = "org.osgi.framework.BundleReference";

    private OsgiEnvironment() {
    }

    static boolean isBundleClass(Class<?> c) {
        ClassLoader cl = c.getClassLoader();
        for (Class<?> k = cl == null ? null : cl.getClass(); k != null; k = k.getSuperclass()) {
            for (Class<?> i : k.getInterfaces()) {
                if (i.getName().equals(BUNDLE_REFERENCE)) {
                    return true;
                }
            }
        }
        return false;
    }
}
