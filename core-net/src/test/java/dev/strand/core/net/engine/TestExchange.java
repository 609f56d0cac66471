package dev.strand.core.net.engine;

import dev.strand.api.protocol.Exchange;

/** An exchange that is only a name: idempotent or not, keeping its connection or not. */
record TestExchange(String name, boolean idempotent, boolean returnsConnection) implements Exchange {

    static TestExchange get(String name) {
        return new TestExchange(name, true, true);
    }

    static TestExchange post(String name) {
        return new TestExchange(name, false, true);
    }

    static TestExchange upgrade(String name) {
        return new TestExchange(name, true, false);
    }

    @Override
    public String toString() {
        return name;
    }
}
