package dev.weft.cli;

import dev.weft.nest.Objective;
import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.PeKind;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.fusion.Fusion;
import dev.weft.mapper.Estimator;
import dev.weft.mapper.Mapper;
import dev.weft.pipeline.Evaluation;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Workloads;
import dev.weft.onnx.OnnxImporter;
import dev.weft.onnx.UnknownOps;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.DType;
import dev.weft.workload.Phase;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TokenReduction;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import dev.weft.workload.zoo.ConfigReader;
import dev.weft.workload.zoo.ModelZoo;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that builds and maps a workload shares. */
final class WorkloadOptions {
    static final String DEFAULT_HARDWARE = "systolic-32x32-int8";

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Built-in model (see ./weft models), a path to a Hugging Face-style config.json, "
                    + "or a path to an ONNX file (.onnx).")
    String model;

    @Option(names = "--unknown-ops", defaultValue = "error", paramLabel = "POLICY",
            description = "For an ONNX --model, an operator Weft does not know: error, or vector (cost it as one "
                    + "addition per output element, with a warning; default: ${DEFAULT-VALUE}).")
    String unknownOps;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The graphs of {@code --model} built so far. */
    private Workloads workloads;

    @Option(names = "--batch", defaultValue = "1", description = "Sequences or images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "128", paramLabel = "N",
            description = "Tokens per sequence for language models (prefill length; default: ${DEFAULT-VALUE}). "
                    + "sweep-seq takes a list: 128,256,...,4096 doubles up to the last.")
    String seq;

    @Option(names = "--image", description = "Image side in pixels for vision models (default: the config's image_size, usually 224).")
    Integer image;

    @Option(names = "--phase", defaultValue = "prefill", description = "prefill or decode (default: ${DEFAULT-VALUE}).")
    String phase;

    @Option(names = "--kv", defaultValue = "0", description = "KV-cache length the decoded token attends to, its own entry included (default: ${DEFAULT-VALUE}, i.e. itself only).")
    int kv;

    @Option(names = "--sparsity", defaultValue = "0",
            description = "Linear-layer weight sparsity: a fraction of zeros such as 0.9 (CSR), or N:M such as 2:4 (default: dense).")
    String sparsity;

    @Option(names = "--dtype", description = "Element type the hardware runs: fp32, fp16, bf16, int8, int4, fp4, "
            + "or binary on hardware with an XNOR-popcount array (default: the type of the MAC array).")
    String dtype;

    @Option(names = "--ops-dtype", defaultValue = "fp32",
            description = "Type --energy ops-45nm prices every multiplication and addition at, whatever the hardware runs "
                    + "(default: ${DEFAULT-VALUE}, as efficient-attention papers count).")
    String opsDtype;

    @Option(names = "--hash-bits", defaultValue = "16", description = "EcoFormer code length b (default: ${DEFAULT-VALUE}).")
    int hashBits;

    @Option(names = "--hash-anchors", defaultValue = "25", description = "EcoFormer kernel anchors m (default: ${DEFAULT-VALUE}).")
    int hashAnchors;

    @Option(names = "--spatial-reduction", defaultValue = "auto",
            description = "PVT spatial reduction of keys and values: on (PVTv2 as published), off, or auto: on, but off "
                    + "for ecoformer, whose released PVTv2 models have none (default: ${DEFAULT-VALUE}).")
    String spatialReduction;

    @Option(names = "--qk-projection", defaultValue = "shared", paramLabel = "shared|separate",
            description = "EcoFormer's queries and keys: shared (one projection hashed once, as the authors' models) or "
                    + "separate (the model's own Q and K projections, each hashed). Self-attention with as many key as "
                    + "query heads only; cross-attention, grouped-query attention and ONNX graphs keep their own "
                    + "(default: ${DEFAULT-VALUE}).")
    String qkProjection;

    @Option(names = "--keep", paramLabel = "R1,R2,...",
            description = "Token pruning (ViT/DeiT): the share of the original patch tokens each block keeps, "
                    + "cumulative as DynamicViT gives it, e.g. 1,1,1,0.7,0.7,0.7,0.49,0.49,0.49,0.343; a shorter list "
                    + "repeats its last value; the class token is always kept (default: no pruning).")
    String keep;

    @Option(names = "--token-merge", paramLabel = "R",
            description = "Token merging (ToMe, ViT/DeiT): tokens each block merges after its attention, e.g. 13; "
                    + "the matching and merge are counted (default: no merging).")
    Integer tokenMerge;

    @Option(names = "--hw", defaultValue = DEFAULT_HARDWARE, paramLabel = "PRESET|FILE",
            description = "Hardware preset (see ./weft hardware) or an architecture YAML file (default: ${DEFAULT-VALUE}).")
    String hardware;

    @Option(names = "--energy", defaultValue = "arch",
            description = "Energy model: arch (the hardware's own table) or ops-45nm (operation counts x Horowitz 45 nm; default: ${DEFAULT-VALUE}).")
    String energy;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the mapping search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--search-budget", defaultValue = "4096",
            description = "Mappings evaluated per operator shape at most (default: ${DEFAULT-VALUE}).")
    int searchBudget;

    @Option(names = "--objective", defaultValue = "edp", paramLabel = "energy|latency|edp",
            description = "What the mapper minimises per operator on a general spatial array (loop-nest mapper): energy, latency or their "
                    + "product (default: ${DEFAULT-VALUE}).")
    String objective;

    Objective objective() {
        return Objective.parse(objective, "--objective", null);
    }

    Architecture architecture() {
        return ArchitectureLoader.resolve(hardware);
    }

    EnergyModel energyModel(Architecture arch) {
        return EnergyModel.named(energy, arch, DType.parse(opsDtype, "--ops-dtype", null));
    }

    /** The workload spec; the dtype defaults to {@link Architecture#nativeDtype()}. */
    WorkloadSpec spec(AttentionKind attention, Architecture arch) {
        return spec(attention, arch, seq());
    }

    /** The workload spec at a given sequence length (sweeps vary it). */
    WorkloadSpec spec(AttentionKind attention, Architecture arch, int length) {
        if (model == null) {
            throw new WeftInputException("--model", null, "missing", "give a built-in model (see ./weft models) "
                    + "or a path to a config.json");
        }
        positive("--batch", batch);
        if (image != null) {
            positive("--image", image);
        }
        if (kv < 0) {
            throw new WeftInputException("--kv", null, "must be 0 or more, was " + kv, "give the KV-cache length in tokens");
        }
        positive("--hash-bits", hashBits);
        positive("--hash-anchors", hashAnchors);
        Phase parsedPhase = Phase.parse(phase, "--phase", null);
        return new WorkloadSpec(batch, length, image == null ? configImage() : image, parsedPhase, kv, attention,
                StorageFormat.parseSparsity(sparsity, "--sparsity", null), dtype(arch), hashBits, hashAnchors,
                spatialReduction(attention), tokenReduction(), sharedQk());
    }

    /** {@code --keep} or {@code --token-merge}, at most one of them. */
    TokenReduction tokenReduction() {
        if (keep != null && tokenMerge != null) {
            throw new WeftInputException("--keep", null, "and --token-merge were both given",
                    "give one: --keep for a pruning schedule, or --token-merge for ToMe");
        }
        TokenReduction reduction = keep != null ? TokenReduction.Keep.parse(keep)
                : tokenMerge != null ? new TokenReduction.Merge(tokenMerge) : TokenReduction.NONE;
        if (!reduction.isNone() && model != null && OnnxImporter.isOnnx(model)) {
            throw new WeftInputException(reduction.option(), null, "an ONNX file's token counts are the ones it was "
                    + "exported with", "drop " + reduction.option() + ", or give the model's config.json or a "
                    + "built-in ViT/DeiT such as deit-s");
        }
        return reduction;
    }

    /**
     * The element type of {@code --dtype}, or the machine's own. Binary operands are refused
     * where no XNOR-popcount array runs them: a MAC array would take one-bit codes by sign
     * extension, pricing every tensor at one bit on hardware built for wider ones.
     */
    DType dtype(Architecture arch) {
        if (dtype == null) {
            return arch.nativeDtype();
        }
        DType type = DType.parse(dtype, "--dtype", null);
        if (type == DType.BINARY && !arch.hasPe(PeKind.Kind.XNOR_POPCOUNT)) {
            throw new WeftInputException("--dtype", null, "binary needs an XNOR-popcount array, and " + arch.name()
                    + " has none", "drop --dtype to run at " + arch.nativeDtype().label()
                    + ", or choose hardware with an XNOR-popcount array such as edge-xnor-int8");
        }
        return type;
    }

    /** The graph of {@code --model} for a spec, built once however often a command asks for it. */
    Workload workload(WorkloadSpec spec) {
        return workloads().build(spec);
    }

    private Workloads workloads() {
        if (workloads == null) {
            workloads = Workloads.model(model, UnknownOps.parse(unknownOps, "--unknown-ops", null),
                    command.commandLine().getErr()::println);
        }
        return workloads;
    }

    /** The map stage's settings: the search's seed, budget and objective, what may fuse, and a schedule to replay. */
    Estimator.Options mapping(Fusion fusion, MappingOptions replay) {
        return new Estimator.Options(seed, searchBudget == 0 ? Mapper.DEFAULT_BUDGET : searchBudget,
                replay == null ? null : replay.replay(), replay == null ? null : replay.replaySource(), objective(),
                fusion);
    }

    /** The pipeline of a command run from a terminal: these options' hardware and energy model, with progress bars. */
    Pipeline pipeline(Architecture arch, Estimator.Options mapping, Evaluation evaluation) {
        return new Pipeline(arch, energyModel(arch), mapping, evaluation, TerminalProgress.INSTANCE);
    }

    /**
     * The graph of {@code --model} at each length of a sweep; {@code extendContext} lets a zoo
     * model run past its learned positions (an ONNX file's positions are what it was exported with).
     */
    Workloads builder(List<Integer> lengths, boolean extendContext) {
        if (!OnnxImporter.isOnnx(model)) {
            return SeqSweeps.zoo(model, lengths, extendContext);
        }
        if (extendContext) {
            throw new WeftInputException("--extend-context", null, "an ONNX file's position table is the one it was "
                    + "exported with", "drop --extend-context, or sweep the model's config.json");
        }
        return workloads();
    }

    /** The one sequence length of a single run. */
    int seq() {
        List<Integer> lengths = seqList();
        if (lengths.size() != 1) {
            throw new WeftInputException("--seq", null, "takes one length here, got " + lengths.size(),
                    "give one length, or use ./weft sweep-seq for several");
        }
        return lengths.get(0);
    }

    /** The sequence lengths of {@code --seq}: a list, where {@code a,b,...,z} continues the step from a to b. */
    List<Integer> seqList() {
        return SeqList.parse(seq, "--seq");
    }

    /**
     * Vision models default to the image size their config was trained at; language models take
     * none; an ONNX file's image size is its own unless it is dynamic.
     */
    private int configImage() {
        if (OnnxImporter.isOnnx(model)) {
            return 0;
        }
        ConfigReader config = ModelZoo.config(model);
        return config.has("image_size") ? config.positiveInt("image_size") : 0;
    }

    private boolean spatialReduction(AttentionKind attention) {
        return switch (spatialReduction.trim()) {
            case "on" -> true;
            case "off" -> false;
            case "auto" -> attention != AttentionKind.ECOFORMER;
            default -> throw new WeftInputException("--spatial-reduction", null, "unknown value '" + spatialReduction
                    + "'", "use on, off or auto");
        };
    }

    private boolean sharedQk() {
        return switch (qkProjection.trim()) {
            case "shared" -> true;
            case "separate" -> false;
            default -> throw new WeftInputException("--qk-projection", null, "unknown value '" + qkProjection + "'",
                    "use shared or separate");
        };
    }

    static void positive(String option, long value) {
        if (value <= 0) {
            throw new WeftInputException(option, null, "must be positive, was " + value, "give a size of 1 or more");
        }
    }
}
