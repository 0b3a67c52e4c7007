package dev.weft.explore.spark;

import dev.weft.error.WeftInputException;
import dev.weft.explore.Engine;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.Metric;
import dev.weft.explore.Pareto;
import dev.weft.explore.Row;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Apache Spark: the evaluations are partitioned over the executors, each of which reads the spec
 * once ({@link Evaluators}) and maps its points; rows come back through Spark in waves, so the
 * progress bar moves and an interrupted sweep resumes. The Pareto reduction runs in Spark as a
 * front per partition merged pairwise by {@code reduce}, which gives the front of the whole
 * because {@link Pareto#front} orders rows totally.
 */
public final class SparkEngine implements Engine {
    public static final String NAME = "spark";
    /** Evaluations per wave, per core of the cluster: enough to keep cores busy between waves. */
    private static final int TASKS_PER_CORE_PER_WAVE = 8;

    private final SparkSession spark;
    private final JavaSparkContext context;

    /**
     * @param master {@code local[N]}, {@code local[*]}, {@code spark://host:port}, or null: the
     *               {@code spark.master} spark-submit gave, else {@code local[*]}
     * @param conf   further Spark settings (tests point executors at their class path)
     */
    public SparkEngine(String master, Map<String, String> conf) {
        SparkConf sparkConf = new SparkConf().setAppName("weft-explore").set("spark.ui.enabled", "false");
        String chosen = master != null ? master.trim() : sparkConf.get("spark.master", "local[*]");
        checkMaster(chosen);
        sparkConf.setMaster(chosen);
        conf.forEach(sparkConf::set);
        this.spark = SparkSession.builder().config(sparkConf).getOrCreate();
        this.context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    /** A master Weft cannot use is the user's mistake, said in one line before Spark starts. */
    static void checkMaster(String master) {
        if (master.matches("local(\\[(\\*|[1-9][0-9]*)\\])?")) {
            return;
        }
        if (!master.startsWith("spark://")) {
            throw new WeftInputException("--master", null, "'" + master + "' is not a Spark master Weft can use",
                    "give local[N], local[*] or spark://host:port");
        }
        URI uri;
        try {
            uri = URI.create(master);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new WeftInputException("--master", null, "'" + master + "' has no host and port",
                    "write spark://host:port, e.g. spark://127.0.0.1:7077");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        } catch (IOException e) {
            throw new WeftInputException("--master", null, "cannot reach the Spark master at " + uri.getHost() + ":"
                    + uri.getPort() + " (" + e.getMessage() + ")",
                    "start it (sbin/start-master.sh) or give a reachable spark://host:port, or local[*]");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void evaluate(ExploreSpec spec, List<Task> tasks, Consumer<Row> sink) {
        Evaluators.Job job = Evaluators.Job.of(spec);
        int cores = Math.max(1, context.defaultParallelism());
        int wave = cores * TASKS_PER_CORE_PER_WAVE;
        for (int from = 0; from < tasks.size(); from += wave) {
            List<Task> slice = new ArrayList<>(tasks.subList(from, Math.min(tasks.size(), from + wave)));
            List<Row> rows = context.parallelize(slice, Math.min(slice.size(), cores * 2))
                    .mapPartitions(part -> Evaluators.evaluate(job, part)).collect();
            rows.forEach(sink);
        }
    }

    @Override
    public List<Pareto.Front> fronts(ExploreSpec spec, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<List<Metric>> pairs = spec.objectivePairs();
        FrontSet merged = context.parallelize(rows, Math.max(1, Math.min(rows.size(), context.defaultParallelism() * 2)))
                .mapPartitions(part -> List.of(FrontSet.of(part, pairs)).iterator())
                .reduce(FrontSet::merge);
        List<Pareto.Front> fronts = new ArrayList<>();
        for (List<Metric> pair : pairs) {
            merged.byWorkload(pair).forEach((workload, front) ->
                    fronts.add(new Pareto.Front(workload, pair.get(0), pair.get(1), front)));
        }
        return fronts;
    }

    /** The fronts of some rows: per pair of objectives, per workload. */
    record FrontSet(Map<List<Metric>, TreeMap<Integer, List<Row>>> fronts) implements Serializable {
        private static final long serialVersionUID = 1L;

        static FrontSet of(Iterator<Row> rows, List<List<Metric>> pairs) {
            Map<Integer, List<Row>> byWorkload = new TreeMap<>();
            rows.forEachRemaining(row -> byWorkload.computeIfAbsent(row.workload(), w -> new ArrayList<>()).add(row));
            Map<List<Metric>, TreeMap<Integer, List<Row>>> fronts = new LinkedHashMap<>();
            for (List<Metric> pair : pairs) {
                TreeMap<Integer, List<Row>> perWorkload = new TreeMap<>();
                byWorkload.forEach((w, group) -> perWorkload.put(w, Pareto.front(group, pair.get(0), pair.get(1))));
                fronts.put(List.copyOf(pair), perWorkload);
            }
            return new FrontSet(fronts);
        }

        FrontSet merge(FrontSet other) {
            Map<List<Metric>, TreeMap<Integer, List<Row>>> union = new LinkedHashMap<>();
            fronts.forEach((pair, mine) -> {
                TreeMap<Integer, List<Row>> theirs = other.fronts.getOrDefault(pair, new TreeMap<>());
                TreeMap<Integer, List<Row>> both = new TreeMap<>();
                java.util.Set<Integer> workloads = new java.util.TreeSet<>(mine.keySet());
                workloads.addAll(theirs.keySet());
                for (Integer w : workloads) {
                    List<Row> rows = new ArrayList<>(mine.getOrDefault(w, List.of()));
                    rows.addAll(theirs.getOrDefault(w, List.of()));
                    both.put(w, Pareto.front(rows, pair.get(0), pair.get(1)));
                }
                union.put(pair, both);
            });
            return new FrontSet(union);
        }

        TreeMap<Integer, List<Row>> byWorkload(List<Metric> pair) {
            return fronts.getOrDefault(pair, new TreeMap<>());
        }
    }

    /** {@code rows.parquet/}: the rows of rows.csv with their types, for Spark and pandas. */
    @Override
    public Optional<String> writeColumnar(ExploreSpec spec, List<Row> rows, Path dir) {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("point", DataTypes.IntegerType, false),
                DataTypes.createStructField("design", DataTypes.StringType, false),
                DataTypes.createStructField("workload", DataTypes.StringType, false)));
        spec.parameterNames().forEach(name -> fields.add(DataTypes.createStructField(name, DataTypes.StringType, false)));
        fields.add(DataTypes.createStructField("feasible", DataTypes.BooleanType, false));
        fields.add(DataTypes.createStructField("reason", DataTypes.StringType, false));
        List<String> numbers = List.of("latency_s", "dynamic_energy_pj", "leakage_pj", Metric.ENERGY.column(),
                Metric.ENERGY_PER_TOKEN.column(), Metric.AREA.column(), Metric.EDP.column(),
                Metric.THROUGHPUT_PER_AREA.column(), "power_w", "cycles", "utilization", "tokens");
        numbers.forEach(name -> fields.add(DataTypes.createStructField(name, DataTypes.DoubleType, true)));
        List<org.apache.spark.sql.Row> data = new ArrayList<>();
        for (Row row : rows) {
            List<Object> cells = new ArrayList<>(List.of(row.point(), row.design(), row.workloadLabel()));
            cells.addAll(row.values());
            cells.add(row.feasible());
            cells.add(row.reason());
            boolean figures = row.tokens() > 0;
            double[] values = {row.latencyS(), row.dynamicPj(), row.leakagePj(), row.energyPj(), row.energyPerTokenPj(),
                    row.areaMm2(), row.metric(Metric.EDP), row.metric(Metric.THROUGHPUT_PER_AREA), row.powerW(),
                    row.cycles(), row.utilization(), row.tokens()};
            for (int i = 0; i < values.length; i++) {
                boolean present = i == 5 ? !Double.isNaN(values[i]) : figures;
                cells.add(present ? values[i] : null);
            }
            data.add(RowFactory.create(cells.toArray()));
        }
        String name = "rows.parquet";
        spark.createDataFrame(data, DataTypes.createStructType(fields)).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(dir.resolve(name).toAbsolutePath().toString());
        return Optional.of(name + "/");
    }

    @Override
    public void close() {
        spark.stop();
    }
}
