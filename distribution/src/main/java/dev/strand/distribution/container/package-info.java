/**
 * The container launcher: an embedded Felix framework with Strand's bundles at their start
 * levels, settings from {@code conf/}, and a {@code deploy/} folder watched for hot install,
 * update and uninstall. It runs on the class path next to the Felix framework jar (never inside
 * the framework and never on the module path), so it talks to the bundles it hosts through the
 * OSGi service registry and reflection only. Its output is for people: plain lines on stdout.
 */
package dev.strand.distribution.container;
