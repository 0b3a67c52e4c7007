package dev.weft.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.arch.Interconnect;
import org.junit.jupiter.api.Test;

/** The stated algorithms, figure by figure. */
class CollectiveTest {
    /** A100 NVLink 3 as a100-sxm-80gb.yaml gives it: 300 GB/s a direction, 8.92 us. */
    private static final Interconnect SWITCH = new Interconnect("nvlink3", Interconnect.Topology.SWITCH, 300e9,
            8.92e-6, 1.3);
    private static final Interconnect RING = new Interconnect("ring", Interconnect.Topology.RING, 300e9, 8.92e-6, 1.3);

    /**
     * GPT-3's prefill all-reduce on 4 devices: 8 x 2048 x 12288 fp16 = 402,653,184 bytes; each
     * device sends 2 x 3/4 of it, 603,979,776 bytes, in 2.0133 ms, plus 2 latencies over the switch
     * (2.0311 ms) or 6 around a ring (2.0668 ms).
     */
    @Test
    void allReduceMovesTwoThirdsOfThreeQuartersPerDevice() {
        Collective.AllReduce reduce = new Collective.AllReduce("x", 402_653_184, 4);
        assertEquals(603_979_776, reduce.sentBytesPerDevice(), 1e-3);
        assertEquals(603_979_776 / 300e9 + 2 * 8.92e-6, reduce.seconds(SWITCH), 1e-12);
        assertEquals(2.03110592e-3, reduce.seconds(SWITCH), 1e-9);
        assertEquals(603_979_776 / 300e9 + 6 * 8.92e-6, reduce.seconds(RING), 1e-12);
    }

    /**
     * The same all-reduce at the bus bandwidth NCCL reaches on those links (a100-sxm-80gb's 234 GB/s,
     * from the nccl-tests sweep published with LLMCompass): 603,979,776 / 234e9 = 2.58111 ms, plus 2
     * latencies, 2.59895 ms, against 2.891 ms measured on 4 A100s (LLMCompass's transformer_A100.csv).
     * A point-to-point hand-over moves at the same achieved rate.
     */
    @Test
    void collectivesMoveAtTheAchievedBandwidth() {
        Interconnect nccl = new Interconnect("nvlink3", Interconnect.Topology.SWITCH, 300e9, 234e9, 8.92e-6, 1.3);
        Collective.AllReduce reduce = new Collective.AllReduce("x", 402_653_184, 4);
        assertEquals(2.5989502e-3, reduce.seconds(nccl), 1e-9);
        assertEquals(2.891e-3, reduce.seconds(nccl), 0.11 * 2.891e-3);
        assertEquals(3e6 / 234e9 + 8.92e-6, new Collective.PointToPoint("x", 3e6, 4).seconds(nccl), 1e-15);
    }

    @Test
    void pointToPointIsOneTransferAndOneLatency() {
        Collective.PointToPoint send = new Collective.PointToPoint("x", 3e6, 4);
        assertEquals(1e-5 + 8.92e-6, send.seconds(SWITCH), 1e-15);
        assertEquals(4, send.senders());
    }
}
