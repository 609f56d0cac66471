package dev.strand.core.net.mux;

import dev.strand.api.Endpoint;
import dev.strand.api.transport.Listener;
import java.util.LinkedHashMap;
import java.util.Map;

/** A mux listener: the inner transport's listener, reported with the {@code mux+} scheme. Thread-safe. */
final class MuxListener implements Listener {

    private final Listener inner;
    private final Map<String, String> muxParams;

    MuxListener(Listener inner, Map<String, String> params) {
        this.inner = inner;
        this.muxParams = new LinkedHashMap<>(params);
        muxParams.keySet().retainAll(MuxSettings.PARAMETERS);
    }

    @Override
    public Endpoint endpoint() {
        Endpoint e = inner.endpoint();
        Map<String, String> params = new LinkedHashMap<>(e.params());
        params.putAll(muxParams);
        return Endpoint.of("mux+" + e.scheme(), e.address(), params);
    }

    @Override
    public void close() {
        inner.close();
    }
}
