package dev.weft.parallel;

import dev.weft.actions.ActionCounts;
import dev.weft.arch.Interconnect;

/** A transfer between devices, priced by a stated algorithm on an interconnect. */
public sealed interface Collective permits Collective.AllReduce, Collective.PointToPoint {

    /** The operator after which it runs. */
    String after();

    /** Bytes of the tensor it moves (one device's copy). */
    double bytes();

    double seconds(Interconnect link);

    /** Bytes each taking part device sends: what the link's energy is charged for. */
    double sentBytesPerDevice();

    /** Devices that send. */
    int senders();

    /** What it does, counted: every sender's bytes on the interconnect. */
    default ActionCounts actions() {
        return new ActionCounts.Builder().interconnectBytes(sentBytesPerDevice() * senders()).build();
    }

    /** For results: {@code all_reduce} or {@code point_to_point}. */
    String kind();

    /**
     * Sums a tensor over {@code devices} devices. Both algorithms move {@code 2 (p - 1) / p} of
     * the tensor through each device's link (a reduce-scatter, then an all-gather); over a switch
     * each half is one direct exchange with every peer (2 link latencies), around a ring each is
     * {@code p - 1} neighbour steps ({@code 2 (p - 1)} latencies):
     * {@code t = 2 (p - 1) / p * bytes / bw + steps * latency}, {@code bw} the bandwidth collectives
     * achieve on the links (nccl-tests' bus bandwidth is defined so that this holds).
     */
    record AllReduce(String after, double bytes, int devices) implements Collective {
        @Override
        public double seconds(Interconnect link) {
            int steps = link.topology() == Interconnect.Topology.SWITCH ? 2 : 2 * (devices - 1);
            return sentBytesPerDevice() / link.achievedBytesPerS() + steps * link.latencyS();
        }

        @Override
        public double sentBytesPerDevice() {
            return 2.0 * (devices - 1) / devices * bytes;
        }

        @Override
        public int senders() {
            return devices;
        }

        @Override
        public String kind() {
            return "all_reduce";
        }
    }

    /**
     * Each of {@code senders} devices hands its copy of a tensor to its counterpart in the next
     * pipeline stage, all at once: {@code t = bytes / bw + latency}, at the achieved bandwidth.
     */
    record PointToPoint(String after, double bytes, int senders) implements Collective {
        @Override
        public double seconds(Interconnect link) {
            return bytes / link.achievedBytesPerS() + link.latencyS();
        }

        @Override
        public double sentBytesPerDevice() {
            return bytes;
        }

        @Override
        public String kind() {
            return "point_to_point";
        }
    }
}
