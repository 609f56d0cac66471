package dev.strand.core.net.sss;

/**
 * Makes the onward stream an SS proxy serves one client link with: the policy side of the proxy
 * (implemented by the {@code secure-streams} module) looks the streamtype up and creates the
 * stream that makes the real connection. The SSS terminal ({@link SssProxy}) calls it, on the
 * link's loop, once the client's STREAMTYPE has arrived.
 */
@FunctionalInterface
public interface OnwardStreamFactory {

    /**
     * Creates the onward stream for {@code request}, or refuses (the streamtype is not in the
     * policy, ...). The new stream reports to {@code listener}, on {@code request.loop()}; it may
     * do so already during this call (lws reports {@code CREATING} from inside creation, and a
     * nailed-up stream starts connecting), and the terminal sends those reports after
     * CREATE_RESULT. A factory that throws is treated as a refusal.
     */
    OnwardCreation create(OnwardRequest request, OnwardListener listener);
}
