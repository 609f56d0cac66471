package dev.strand.transport.wsi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strand.api.Endpoint;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How endpoints become socket addresses, down to the bytes of lws's default abstract name. */
class TargetTest {

    @Test
    void theLwsDefaultProxyNameIsANulFollowedByTheNameAndNothingElse() {
        Target target = Target.of(Endpoint.parse("@proxy.ss.lws"));
        assertEquals(Target.Type.UNIX_ABSTRACT, target.type());
        DomainSocketAddress address = (DomainSocketAddress) IoKinds.epoll().orElseThrow().unixAddress(target);
        assertEquals("\0proxy.ss.lws", address.path());
        assertEquals(13, address.path().length(), "lws binds 2 + strlen(\"@proxy.ss.lws\") = 15 bytes of sockaddr");
    }

    @Test
    void aPathIsUsedAsItIsByBothKinds() {
        Target target = Target.of(Endpoint.parse("unix:/tmp/proxy.ss.lws"));
        assertEquals(Path.of("/tmp/proxy.ss.lws"), target.path());
        assertEquals("/tmp/proxy.ss.lws",
                ((DomainSocketAddress) IoKinds.epoll().orElseThrow().unixAddress(target)).path());
        assertEquals(UnixDomainSocketAddress.of("/tmp/proxy.ss.lws"), IoKinds.NIO.unixAddress(target));
    }

    @Test
    void nioCannotCarryAnAbstractName() {
        Target target = Target.of(Endpoint.parse("unix:@x"));
        assertFalse(IoKinds.NIO.supports(target));
        assertTrue(IoKinds.epoll().orElseThrow().supports(target));
        assertThrows(IllegalStateException.class, () -> IoKinds.NIO.unixAddress(target));
    }

    @Test
    void tcpKeepsHostAndPortAndLeavesResolutionToTheEventLoop() {
        Target target = Target.of(Endpoint.parse("tcp:localhost:4443"));
        assertTrue(target.isTcp());
        assertTrue(target.unresolvedTcp().isUnresolved());
        assertEquals("localhost", target.unresolvedTcp().getHostString());
        assertEquals(4443, target.unresolvedTcp().getPort());
    }

    @Test
    void namesThatDoNotFitSunPathAreRefused() {
        assertEquals(107, Target.of(Endpoint.parse("unix:@" + "a".repeat(107))).abstractName().length());
        assertThrows(IllegalArgumentException.class, () -> Target.of(Endpoint.parse("unix:@" + "a".repeat(108))));
        assertThrows(IllegalArgumentException.class, () -> Target.of(Endpoint.parse("unix:/" + "a".repeat(107))));
    }
}
