/**
 * The serial-port transport: {@code uart:} endpoints through jSerialComm. It reads core-net only
 * for the transport mux that runs on top of every serial link ({@code mux+uart:}).
 */
module dev.strand.transport.uart {
    requires transitive dev.strand.api;
    requires dev.strand.core.net;
    requires com.fazecast.jSerialComm;
    requires org.slf4j;
    requires static biz.aQute.bnd.annotation;

    exports dev.strand.transport.uart;

    provides dev.strand.api.transport.TransportOps with dev.strand.transport.uart.UartTransport;
}
