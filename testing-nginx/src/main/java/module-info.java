/**
 * Test and benchmark support (never shipped): a real nginx started with a generated CA and the
 * servers a test or benchmark asks for.
 */
module dev.strand.testing.nginx {
    requires transitive io.netty.pkitesting;

    exports dev.strand.testing.nginx;
}
