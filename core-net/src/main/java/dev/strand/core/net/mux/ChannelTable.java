package dev.strand.core.net.mux;

import dev.strand.core.net.mux.internal.MuxWire;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A session's channel index space, 0..255: the channel object on each index, and the indexes owed
 * a CHANNEL_NACK (data or a request we refuse) or a CHANNEL_CLOSE_ACK (a close for a channel we do
 * not have). Confined to the session's loop.
 */
final class ChannelTable {

    private final Channel[] channels = new Channel[MuxWire.CHANNEL_RANGE];
    private int count;
    private final boolean[] nackDue = new boolean[MuxWire.CHANNEL_RANGE];
    private int nacks;
    private final boolean[] closeAckDue = new boolean[MuxWire.CHANNEL_RANGE];
    private int closeAcks;

    Channel get(int index) {
        return channels[index];
    }

    /** Channel objects in use: open, opening, or closed and not yet acknowledged. */
    int count() {
        return count;
    }

    void put(Channel c) {
        channels[c.index()] = c;
        count++;
    }

    /** Frees {@code c}'s index if {@code c} still holds it; returns whether it did. */
    boolean remove(Channel c) {
        if (channels[c.index()] != c) {
            return false;
        }
        channels[c.index()] = null;
        count--;
        return true;
    }

    /** As lws allocates for a client: the highest free index, 255 downward; -1 if none is free. */
    int allocate() {
        for (int i = MuxWire.CHANNEL_RANGE - 1; i >= 0; i--) {
            if (channels[i] == null && !nackDue[i] && !closeAckDue[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Removes and returns every channel, lowest index first. */
    Channel[] takeAll() {
        Channel[] all = Arrays.stream(channels).filter(java.util.Objects::nonNull).toArray(Channel[]::new);
        Arrays.fill(channels, null);
        count = 0;
        return all;
    }

    void oweNack(int index) {
        if (!nackDue[index]) {
            nackDue[index] = true;
            nacks++;
        }
    }

    void oweCloseAck(int index) {
        if (!closeAckDue[index]) {
            closeAckDue[index] = true;
            closeAcks++;
        }
    }

    boolean owesAcks() {
        return nacks > 0 || closeAcks > 0;
    }

    /** Puts the NACKs, then the CLOSE_ACKs, that are owed and fit, lowest index first. */
    void putOwedAcks(ByteBuffer out) {
        for (int i = 0; nacks > 0 && i < nackDue.length && out.remaining() >= MuxWire.CHANNEL_COMMAND_SIZE; i++) {
            if (nackDue[i]) {
                nackDue[i] = false;
                nacks--;
                MuxWire.putChannelCommand(out, MuxWire.CHANNEL_NACK, i);
            }
        }
        for (int i = 0; closeAcks > 0 && i < closeAckDue.length && out.remaining() >= MuxWire.CHANNEL_COMMAND_SIZE; i++) {
            if (closeAckDue[i]) {
                closeAckDue[i] = false;
                closeAcks--;
                MuxWire.putChannelCommand(out, MuxWire.CHANNEL_CLOSE_ACK, i);
            }
        }
    }

    /** A new underlying link: nothing is owed on it. */
    void forgetOwedAcks() {
        Arrays.fill(nackDue, false);
        Arrays.fill(closeAckDue, false);
        nacks = closeAcks = 0;
    }
}
