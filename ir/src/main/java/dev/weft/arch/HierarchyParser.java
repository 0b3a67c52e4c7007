package dev.weft.arch;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code weft-arch/2} file (format documented on {@link ArchitectureLoader}) and checks
 * what makes a hierarchy usable: a path from the outermost memory to the array for every
 * operand, memories that hold something, served dimensions that exist, capacities of at least
 * one element, and ports that can both fill and drain each memory for each operand it holds.
 */
final class HierarchyParser {
    static final String FORMAT_V2 = "weft-arch/2";

    private static final List<String> TOP_KEYS = List.of("format", "name", "description", "technology", "clock_mhz",
            "precision", "array", "arrays", "memories", "vector", "cores", "interconnect", "runtime");
    private static final List<String> INTERCONNECT_KEYS = List.of("name", "topology", "gb_per_s", "achieved_gb_per_s",
            "latency_us", "pj_per_bit");
    private static final List<String> RUNTIME_KEYS = List.of("dram_sustained_gb_per_s", "kernel_launch_us");
    /** A second per kernel: far beyond any launch, dispatch and synchronisation. */
    private static final double MAX_KERNEL_LAUNCH_US = 1e6;
    /** Beyond any link built (NVLink 4 moves 450 GB/s a direction): a petabyte a second. */
    private static final double MAX_LINK_GB_PER_S = 1e6;
    /** A second: far beyond any link's latency. */
    private static final double MAX_LINK_LATENCY_US = 1e6;
    private static final List<String> CORES_KEYS = List.of("count", "shared");
    private static final List<String> ARRAY_KEYS = List.of("name", "dims", "pe", "pj_per_op", "systolic",
            "weight_double_buffering");
    private static final List<String> DIM_KEYS = List.of("name", "size", "unrolls");
    private static final List<String> MEMORY_KEYS = List.of("name", "kind", "holds", "served", "size_bits",
            "size_bytes", "size_kib", "size_mib", "word_bits", "read_pj", "write_pj", "ports", "precision");
    static final List<String> SIZE_KEYS = List.of("size_bits", "size_bytes", "size_kib", "size_mib");
    private static final List<String> PORT_KEYS = List.of("kind", "bits_per_cycle", "gb_per_s", "min_bits", "serves");
    private static final List<String> PRECISION_KEYS = List.of("input", "weight", "output", "psum");

    private HierarchyParser() {
    }

    static Architecture parse(YamlNode root) {
        root.allowOnly(TOP_KEYS);
        String name = root.text("name");
        String description = root.optionalText("description").orElse("");
        String technology = root.text("technology");
        double clockHz = ArchitectureParser.clockHz(root);
        List<SpatialArray> spatial = arrays(root);
        SpatialArray array = spatial.get(0);
        YamlNode precisionNode = root.map("precision");
        precisionNode.allowOnly(PRECISION_KEYS);
        Map<Operand, Integer> precision = new EnumMap<>(Operand.class);
        for (Operand operand : Operand.values()) {
            precision.put(operand, precisionNode.positiveInt(operand.label()));
        }
        int psumBits = precisionNode.positiveInt("psum");
        List<Memory> memories = memories(root, array, clockHz, precision, psumBits);
        Hierarchy hierarchy = new Hierarchy(memories, array, precision, psumBits);
        Cores cores = root.has("cores") ? cores(root.map("cores"), memories) : Cores.single();
        List<YamlNode> memoryNodes = root.maps("memories");
        RunCosts runCosts = root.has("runtime") ? runCosts(root.map("runtime"), memories.get(0), cores, clockHz)
                : RunCosts.NONE;
        List<StorageLevel> levels = new ArrayList<>();
        for (int i = 0; i < memories.size(); i++) {
            StorageLevel level = level(memories.get(i), hierarchy, cores, memoryNodes.get(i));
            if (i == 0 && runCosts.dramSustainedBytesPerS() > 0) {
                level = new StorageLevel(level.name(), level.kind(), level.sizeBytes(), level.perPe(), level.wordBits(),
                        runCosts.dramSustainedBytesPerS() / clockHz, level.readPjPerWord(), level.writePjPerWord());
            }
            levels.add(level);
        }
        List<YamlNode> arrayNodes = root.has("arrays") ? root.maps("arrays") : List.of(root.map("array"));
        List<ComputeArray> arrays = new ArrayList<>();
        for (int i = 0; i < spatial.size() && array.systolic().isPresent(); i++) {
            SpatialArray a = spatial.get(i);
            arrays.add(new ComputeArray(a.name(), a.dims().get(0).size(), a.dims().get(1).size(), a.pe(),
                    a.systolic().orElseThrow(), a.pjPerOp(), arrayNodes.get(i).flag("weight_double_buffering", false)));
        }
        if (!arrays.isEmpty()) {
            if (cores.many()) {
                throw root.problem("cores", "a systolic array follows the fold template of one array",
                        "describe each core's array as a general array (dims with unrolls, no systolic)");
            }
            checkFoldTemplate(root, memoryNodes, hierarchy, levels);
            ArchitectureParser.checkRegisters(memoryNodes, levels, arrays);
        }
        VectorUnit core = ArchitectureParser.vector(root.map("vector"));
        if ((long) core.lanes() * cores.count() > Integer.MAX_VALUE) {
            throw root.problem("vector.lanes", "times " + cores.count() + " cores is more lanes than Weft can count",
                    "give the lanes of one core");
        }
        VectorUnit vector = new VectorUnit(core.lanes() * cores.count(), core.dtype(), core.pjPerOp(),
                core.pjPerNonlinear());
        Optional<Interconnect> interconnect = root.has("interconnect")
                ? Optional.of(interconnect(root.map("interconnect"))) : Optional.empty();
        return new Architecture(name, description, root.source(), clockHz, levels, arrays, vector, technology,
                hierarchy, cores, interconnect, runCosts);
    }

    /**
     * The sustained DRAM rate is read by the many-core mapping and the vector unit's model; the
     * loop-nest mapper of a single core prices its ports at their width, so it is refused there
     * rather than silently ignored.
     */
    private static RunCosts runCosts(YamlNode node, Memory dram, Cores cores, double clockHz) {
        node.allowOnly(RUNTIME_KEYS);
        double sustainedGbPerS = 0;
        if (node.has("dram_sustained_gb_per_s")) {
            if (!cores.many()) {
                throw node.problem("dram_sustained_gb_per_s", "is read only for many-core devices",
                        "describe the device with cores: {count, shared}, or give the DRAM port's gb_per_s as its rate");
            }
            sustainedGbPerS = node.positive("dram_sustained_gb_per_s");
            double peakGbPerS = dram.bitsPerCycle() / 8 * clockHz / 1e9;
            if (sustainedGbPerS > peakGbPerS * (1 + 1e-9)) {
                throw node.problem("dram_sustained_gb_per_s", "is " + sustainedGbPerS + " GB/s, above the peak of "
                        + dram.name() + "'s ports (" + peakGbPerS + " GB/s)", "give at most the peak");
            }
        }
        double launchUs = node.has("kernel_launch_us") ? node.nonNegative("kernel_launch_us") : 0;
        if (launchUs > MAX_KERNEL_LAUNCH_US) {
            throw node.problem("kernel_launch_us", "is " + launchUs + " us, above a second",
                    "give the time per kernel in microseconds");
        }
        return new RunCosts(sustainedGbPerS * 1e9, launchUs * 1e-6);
    }

    private static Interconnect interconnect(YamlNode node) {
        node.allowOnly(INTERCONNECT_KEYS);
        if (!node.has("gb_per_s")) {
            throw node.problem("gb_per_s", "the interconnect has no bandwidth",
                    "give gb_per_s, one device's links in one direction together (A100 NVLink 3: 300)");
        }
        double gbPerS = node.positive("gb_per_s");
        if (gbPerS > MAX_LINK_GB_PER_S) {
            throw node.problem("gb_per_s", "is " + gbPerS + " GB/s, above the " + MAX_LINK_GB_PER_S
                    + " GB/s Weft accepts", "give one device's bandwidth in one direction in GB/s");
        }
        double achievedGbPerS = node.has("achieved_gb_per_s") ? node.positive("achieved_gb_per_s") : gbPerS;
        if (achievedGbPerS > gbPerS) {
            throw node.problem("achieved_gb_per_s", "is " + achievedGbPerS + " GB/s, above the links' " + gbPerS
                    + " GB/s", "give at most gb_per_s (what collectives reach, e.g. nccl-tests' busbw)");
        }
        double latencyUs = node.nonNegative("latency_us");
        if (latencyUs > MAX_LINK_LATENCY_US) {
            throw node.problem("latency_us", "is " + latencyUs + " us, above a second", "give the latency in microseconds");
        }
        return new Interconnect(node.text("name"),
                Interconnect.Topology.parse(node.text("topology"), node.source(), node.pathOf("topology")),
                gbPerS * 1e9, achievedGbPerS * 1e9, latencyUs * 1e-6, node.energyPj("pj_per_bit"));
    }

    /**
     * The shared memories must be the outermost ones: a core's private memory cannot hold data
     * for a memory that every core reads.
     */
    private static Cores cores(YamlNode node, List<Memory> memories) {
        node.allowOnly(CORES_KEYS);
        int count = node.positiveInt("count");
        if (count > Cores.MAX_CORES) {
            throw node.problem("count", "is " + count + ", above the " + Cores.MAX_CORES + " cores Weft accepts",
                    "give the number of identical cores (an A100 has 108 SMs)");
        }
        List<String> names = memories.stream().map(Memory::name).toList();
        List<String> shared = node.texts("shared");
        for (int i = 0; i < shared.size(); i++) {
            if (!names.contains(shared.get(i))) {
                throw node.problem("shared", "no memory is named '" + shared.get(i) + "'", "use some of " + names);
            }
        }
        if (!shared.contains(names.get(0))) {
            throw node.problem("shared", "does not list the outermost memory '" + names.get(0)
                    + "', which every core reads", "list it first, e.g. shared: [" + names.get(0) + "]");
        }
        for (int i = 0; i < shared.size(); i++) {
            if (!shared.contains(names.get(i))) {
                throw node.problem("shared", "lists " + shared + " but '" + names.get(i) + "', outside some of them, "
                        + "is private to each core", "share the outermost memories only, e.g. " + names.subList(0,
                        Math.min(names.size(), 2)));
            }
        }
        if (shared.size() == names.size()) {
            throw node.problem("shared", "lists every memory: the cores would have nothing of their own",
                    "leave the memories inside the cores (shared memory, registers) out of the list");
        }
        return new Cores(count, java.util.Set.copyOf(shared));
    }

    /**
     * One {@code array}, or several systolic {@code arrays} beside each other (a binary-code array
     * next to a MAC array). The loop-nest mapper maps onto one array; several arrays share the
     * memories only as the fold template does, each contraction running on one of them.
     */
    private static List<SpatialArray> arrays(YamlNode root) {
        String key = root.atMostOneOf(List.of("array", "arrays")).orElseThrow(() -> root.problem(null,
                "missing the compute array", "give 'array' (or 'arrays', a list of systolic arrays)"));
        if (key.equals("array")) {
            return List.of(array(root.map("array")));
        }
        List<SpatialArray> arrays = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (YamlNode node : root.maps("arrays")) {
            SpatialArray array = array(node);
            if (array.systolic().isEmpty()) {
                throw node.problem(null, "only systolic arrays can stand beside each other: the loop-nest mapper "
                        + "maps onto one general array", "give systolic: ws|os|is, or describe one array under 'array'");
            }
            String earlier = seen.putIfAbsent(array.name(), node.path());
            if (earlier != null) {
                throw node.problem("name", "array name '" + array.name() + "' is already used by " + earlier,
                        "give each array its own name");
            }
            arrays.add(array);
        }
        if (arrays.isEmpty()) {
            throw root.problem("arrays", "lists no array", "give at least one array");
        }
        return arrays;
    }

    /**
     * A systolic array is fed at its edges from buffers that every operand passes through and
     * keeps its operands in registers of its own PEs: the template the fold contract, the
     * cycle simulator and the RTL share. Memories that keep only some operands, or serve part
     * of the array, belong to a general array mapped as a loop nest.
     */
    private static void checkFoldTemplate(YamlNode root, List<YamlNode> nodes, Hierarchy hierarchy,
                                          List<StorageLevel> levels) {
        String general = "or describe a general array (dims with unrolls, no systolic) to map it as a loop nest";
        List<String> all = hierarchy.array().dims().stream().map(ArrayDim::name).toList();
        boolean insidePe = false;
        for (int i = 0; i < nodes.size(); i++) {
            Memory memory = hierarchy.memories().get(i);
            YamlNode node = nodes.get(i);
            if (memory.holds().size() != Operand.values().length) {
                throw node.problem("holds", "a systolic array's memories hold every operand (the fold template)",
                        "write holds: [input, weight, output], " + general);
            }
            boolean perPe = memory.kind() == StorageKind.REGISTER && memory.served().isEmpty();
            if (!perPe && !memory.served().containsAll(all)) {
                throw node.problem("served", "a systolic array's memories serve the whole array or one PE",
                        "write served: " + all + " (shared) or served: [] on a register (per PE), " + general);
            }
            if (insidePe && !perPe) {
                throw node.problem(null, "a shared memory cannot sit inside a per-PE one",
                        "list shared memories before per-PE registers");
            }
            insidePe |= perPe;
        }
        if (levels.stream().skip(1).allMatch(StorageLevel::perPe)) {
            throw root.problem("memories", "no shared on-chip memory: the tiles of a systolic array live in a buffer "
                    + "all PEs share", "add a memory (kind: sram, served: " + all + ") after the DRAM");
        }
    }

    private static SpatialArray array(YamlNode node) {
        node.allowOnly(ARRAY_KEYS);
        String name = node.text("name");
        PeKind pe = ArchitectureParser.pe(node.map("pe"));
        double pjPerOp = node.energyPj("pj_per_op");
        List<YamlNode> dimNodes = node.maps("dims");
        if (dimNodes.size() > SpatialArray.MAX_DIMS) {
            throw node.problem("dims", "has " + dimNodes.size() + " dimensions, at most " + SpatialArray.MAX_DIMS
                    + " are supported", "fold some of them together");
        }
        Optional<Dataflow> systolic = node.optionalText("systolic")
                .map(text -> Dataflow.parse(text, node.source(), node.pathOf("systolic")));
        if (node.flag("weight_double_buffering", false) && !systolic.equals(Optional.of(Dataflow.WS))) {
            throw node.problem("weight_double_buffering", "applies to a weight-stationary systolic array only (the "
                    + "shadow registers of its PEs load the next fold's weights)", "give systolic: ws, or remove it");
        }
        if (systolic.isPresent()) {
            if (dimNodes.size() != 2) {
                throw node.problem("dims", "a systolic array has exactly two dimensions (rows, then columns)",
                        "give two dims, or remove 'systolic' for a general spatial array");
            }
            for (YamlNode dim : dimNodes) {
                dim.allowOnly(List.of("name", "size"));
            }
            return SpatialArray.systolic(name, dimNodes.get(0).positiveInt("size"), dimNodes.get(1).positiveInt("size"),
                    pe, pjPerOp, systolic.get());
        }
        List<ArrayDim> dims = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode dim : dimNodes) {
            dim.allowOnly(DIM_KEYS);
            String dimName = dim.text("name");
            if (!names.add(dimName)) {
                throw dim.problem("name", "array dimension '" + dimName + "' is named twice", "give each its own name");
            }
            List<String> unrolls = dim.texts("unrolls");
            for (int i = 0; i < unrolls.size(); i++) {
                if (!ArrayDim.LOOP_DIMS.contains(unrolls.get(i))) {
                    throw dim.problem("unrolls", "unknown loop dimension '" + unrolls.get(i) + "'",
                            "use some of " + ArrayDim.LOOP_DIMS + " (O[m,n] += I[m,k] * W[k,n], b the batch)");
                }
            }
            dims.add(new ArrayDim(dimName, dim.positiveInt("size"), unrolls));
        }
        return new SpatialArray(name, dims, pe, pjPerOp, Optional.empty());
    }

    private static List<Memory> memories(YamlNode root, SpatialArray array, double clockHz,
                                         Map<Operand, Integer> precision, int psumBits) {
        List<YamlNode> nodes = root.maps("memories");
        List<String> arrayDims = array.dims().stream().map(ArrayDim::name).toList();
        List<Memory> memories = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlNode node = nodes.get(i);
            Memory memory = memory(node, i == 0, arrayDims, clockHz);
            String earlier = seen.putIfAbsent(memory.name(), node.path());
            if (earlier != null) {
                throw node.problem("name", "memory name '" + memory.name() + "' is already used by " + earlier,
                        "give each memory its own name");
            }
            int widest = memory.holds().stream().mapToInt(operand -> Math.max(precision.get(operand),
                    operand == Operand.OUTPUT ? psumBits : 0)).max().orElse(0);
            if (memory.sizeBits() < widest) {
                throw node.problem(null, "holds " + memory.sizeBits() + " bits, less than one element ("
                        + widest + " bits)", "give it room for at least one element of each operand it holds");
            }
            memories.add(memory);
        }
        return memories;
    }

    private static Memory memory(YamlNode node, boolean outermost, List<String> arrayDims, double clockHz) {
        node.allowOnly(MEMORY_KEYS);
        String name = node.text("name");
        StorageKind kind = StorageKind.parse(node.text("kind"), node.source(), node.pathOf("kind"));
        if (!outermost && kind == StorageKind.DRAM) {
            throw node.problem("kind", "only the first memory may be dram", "describe main memory once, first");
        }
        Set<Operand> holds = EnumSet.noneOf(Operand.class);
        List<String> heldNames = node.texts("holds");
        for (int i = 0; i < heldNames.size(); i++) {
            holds.add(Operand.parse(heldNames.get(i), node.source(), node.pathOf("holds") + "[" + i + "]"));
        }
        if (holds.isEmpty()) {
            throw node.problem("holds", "the memory holds nothing", "list the operands it keeps, e.g. [input, weight]");
        }
        if (outermost && holds.size() != Operand.values().length) {
            throw node.problem("holds", "the outermost memory must hold every operand: each operand starts and ends there",
                    "write holds: [input, weight, output]");
        }
        List<String> served = node.texts("served");
        for (String dim : served) {
            if (!arrayDims.contains(dim)) {
                throw node.problem("served", "no array dimension is named '" + dim + "'", "use some of " + arrayDims);
            }
        }
        long sizeBits = sizeBits(node, kind);
        List<Port> ports = ports(node, holds, clockHz);
        Map<Operand, Integer> precision = new EnumMap<>(Operand.class);
        if (node.has("precision")) {
            YamlNode widths = node.map("precision");
            widths.allowOnly(List.of("input", "weight", "output"));
            for (Operand operand : Operand.values()) {
                if (widths.has(operand.label())) {
                    if (!holds.contains(operand)) {
                        throw widths.problem(operand.label(), "sets a width for an operand the memory does not hold",
                                "remove it or add " + operand.label() + " to holds");
                    }
                    precision.put(operand, widths.positiveInt(operand.label()));
                }
            }
        }
        double perAccess = wordBits(node, ports).map(word -> ports.get(0).bitsPerCycle() / word).orElse(1.0);
        return new Memory(name, kind, sizeBits, holds, served, node.energyPj("read_pj") * perAccess,
                node.energyPj("write_pj") * perAccess, ports, precision);
    }

    /**
     * The access width {@code read_pj} and {@code write_pj} are quoted for, when the file gives
     * one: energies per 64-bit word, say, as Horowitz's tables and {@code weft-arch/1} quote them.
     * Without it they are per full-width access of the first port.
     */
    private static Optional<Integer> wordBits(YamlNode node, List<Port> ports) {
        if (!node.has("word_bits")) {
            return Optional.empty();
        }
        int wordBits = node.positiveInt("word_bits");
        if (wordBits > ArchitectureParser.MAX_WORD_BITS) {
            throw node.problem("word_bits", "is " + wordBits + " bits, wider than the " + ArchitectureParser.MAX_WORD_BITS
                    + " bits Weft accepts", "give the width the energies are quoted for, e.g. 64");
        }
        return Optional.of(wordBits);
    }

    private static long sizeBits(YamlNode node, StorageKind kind) {
        Optional<String> key = node.atMostOneOf(SIZE_KEYS);
        if (key.isEmpty() && kind == StorageKind.DRAM) {
            return Long.MAX_VALUE;
        }
        if (key.isPresent() && key.get().equals("size_bits")) {
            return node.positiveLong("size_bits");
        }
        long bytes = ArchitectureParser.sizeBytes(node, kind);
        if (bytes > Long.MAX_VALUE / 8) {
            throw node.problem(key.orElse(null), "capacity is too large", "give a realistic capacity");
        }
        return bytes * 8;
    }

    private static List<Port> ports(YamlNode node, Set<Operand> holds, double clockHz) {
        List<Port> ports = new ArrayList<>();
        for (YamlNode entry : node.maps("ports")) {
            entry.allowOnly(PORT_KEYS);
            Port.Direction direction = Port.Direction.parse(entry.text("kind"), entry.source(), entry.pathOf("kind"));
            String key = entry.atMostOneOf(List.of("bits_per_cycle", "gb_per_s")).orElseThrow(() -> entry.problem(null,
                    "missing the port's bandwidth", "give bits_per_cycle (or gb_per_s for DRAM)"));
            // bytes per cycle first, then bits, as weft-arch/1 reckons DRAM, so that a converted file agrees exactly
            double bits = key.equals("gb_per_s") ? entry.positive(key) * 1e9 / clockHz * 8 : entry.positive(key);
            if (!(bits >= 1e-9) || bits > Integer.MAX_VALUE) {
                throw entry.problem(key, "gives " + bits + " bits a cycle; a port moves between 1e-9 and "
                        + Integer.MAX_VALUE + " bits a cycle", "give a realistic port width");
            }
            double minBits = entry.has("min_bits") ? entry.positive("min_bits") : bits;
            if (minBits > bits) {
                throw entry.problem("min_bits", "is wider than the port (" + bits + " bits a cycle)",
                        "give at most the port's width");
            }
            Set<Operand> serves = EnumSet.copyOf(holds);
            if (entry.has("serves")) {
                serves = EnumSet.noneOf(Operand.class);
                List<String> names = entry.texts("serves");
                for (int i = 0; i < names.size(); i++) {
                    Operand operand = Operand.parse(names.get(i), entry.source(), entry.pathOf("serves") + "[" + i + "]");
                    if (!holds.contains(operand)) {
                        throw entry.problem("serves", "serves " + operand.label() + ", which the memory does not hold",
                                "list only operands from holds");
                    }
                    serves.add(operand);
                }
                if (serves.isEmpty()) {
                    throw entry.problem("serves", "the port serves no operand", "list the operands that use it");
                }
            }
            ports.add(new Port(direction, bits, minBits, serves));
        }
        boolean readWrite = ports.stream().anyMatch(p -> p.direction() == Port.Direction.READ_WRITE);
        if (readWrite && ports.stream().anyMatch(p -> p.direction() != Port.Direction.READ_WRITE)) {
            throw node.problem("ports", "mixes read_write ports with read or write ports",
                    "give either read_write ports or separate read and write ports");
        }
        for (Operand operand : holds) {
            for (boolean read : new boolean[] {true, false}) {
                if (ports.stream().noneMatch(p -> p.carries(operand, read))) {
                    throw node.problem("ports", "no port " + (read ? "reads " : "writes ") + operand.label()
                                    + ": the memory could not be " + (read ? "drained" : "filled"),
                            "add a read_write port, or a " + (read ? "read" : "write") + " port serving "
                                    + operand.label());
                }
            }
        }
        return ports;
    }

    /**
     * A memory as a storage level: what the fold template maps onto, and what listings and
     * reports walk by name (a core's private memory once per core). Energies stay per the word the file quotes them for.
     */
    private static StorageLevel level(Memory memory, Hierarchy hierarchy, Cores cores, YamlNode node) {
        long instances = hierarchy.instances(memory) * (cores.sharedBy(memory) ? 1 : cores.count());
        boolean perPe = memory.kind() == StorageKind.REGISTER && instances > 1;
        double bytesPerCycle = memory.bitsPerCycle() / 8 * (perPe ? 1 : instances);
        double totalBytes = Math.max(1, (memory.sizeBits() + 7) / 8) * (double) (perPe ? 1 : instances);
        if (memory.sizeBits() != Long.MAX_VALUE && totalBytes > Long.MAX_VALUE || !Double.isFinite(bytesPerCycle)) {
            throw node.problem(null, "its " + instances
                    + " instances together hold more than 2^63 bytes or move more bits per cycle than a number can say",
                    "give a realistic size and port width");
        }
        long sizeBytes = memory.sizeBits() == Long.MAX_VALUE ? Long.MAX_VALUE
                : Math.max(1, (memory.sizeBits() + 7) / 8) * (perPe ? 1 : instances);
        if (node.has("word_bits")) {
            return new StorageLevel(memory.name(), memory.kind(), sizeBytes, perPe, node.positiveInt("word_bits"),
                    bytesPerCycle, node.energyPj("read_pj"), node.energyPj("write_pj"));
        }
        Port widest = memory.ports().get(0);
        int wordBits = (int) Math.max(1, Math.round(widest.bitsPerCycle()));
        return new StorageLevel(memory.name(), memory.kind(), sizeBytes, perPe, wordBits, bytesPerCycle,
                memory.readPj(), memory.writePj());
    }
}
