/**
 * Serial-port links ({@code uart:DEVICE?baud=N&flow=none|rtscts}) through jSerialComm, for a
 * device talking to its SS proxy and for the proxy side that owns the device. A serial line
 * carries one byte stream, so Strand runs the transport mux on it ({@code mux+uart:...}).
 */
package dev.strand.transport.uart;
