package dev.strand.core.net.engine;

import java.util.ArrayList;
import java.util.List;

/** An exchange owner that writes down what the engine tells it. */
class Recorder implements ExchangeObserver {

    final List<String> events = new ArrayList<>();
    final List<ConnectionInfo> connections = new ArrayList<>();
    Throwable failure;
    int terminalEvents;

    @Override
    public void onBound(ConnectionInfo connection) {
        connections.add(connection);
        events.add("bound #" + connection.id());
    }

    @Override
    public void onCompleted() {
        terminalEvents++;
        events.add("completed");
    }

    @Override
    public void onFailed(Throwable cause) {
        terminalEvents++;
        failure = cause;
        events.add("failed " + cause.getClass().getSimpleName());
    }

    boolean completed() {
        return events.contains("completed");
    }

    boolean pending() {
        return terminalEvents == 0 && connections.isEmpty();
    }

    long connectionId() {
        return connections.get(connections.size() - 1).id();
    }
}
