package dev.weft.explore.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.explore.ExploreRun;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on loopback: a master and a worker in child JVMs, started and
 * stopped here; the worker launches an executor JVM of its own. The sweep's rows and fronts must
 * be the local engine's, byte for byte. Tagged so that a fast loop can skip it
 * ({@code -Dweft.spark.excludedGroups=spark-cluster}); {@code ./run-tests} runs it.
 */
@Tag("spark-cluster")
class StandaloneClusterTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void standaloneMasterAndWorkerGiveTheLocalEnginesRows() throws Exception {
        Path local = SweepFixture.local(dir);
        int masterPort = freePort();
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        List<Process> cluster = new ArrayList<>();
        try {
            cluster.add(start("master", dir, sparkHome.getParent(), "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
            awaitPort(masterPort, cluster.get(0));
            String master = "spark://127.0.0.1:" + masterPort;
            cluster.add(start("worker", dir, sparkHome.getParent(), "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", dir.resolve("work").toString(), master));
            Path out = dir.resolve("cluster");
            try (SparkEngine engine = new SparkEngine(master, Map.of(
                    "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1",
                    // the executor is launched by the worker: it gets this JVM's class path, Weft's modules included
                    "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                    "spark.executor.memory", "512m", "spark.cores.max", "2"))) {
                ExploreRun.run(SweepFixture.spec(), out, engine, done -> { });
            }
            for (String file : new String[] {ExploreRun.ROWS, ExploreRun.PARETO, ExploreRun.BEST}) {
                assertEquals(Files.readString(local.resolve(file)), Files.readString(out.resolve(file)), file);
            }
            assertTrue(Files.isDirectory(dir.resolve("work")) && Files.list(dir.resolve("work")).findAny().isPresent(),
                    "the worker ran an executor for the sweep");
        } finally {
            for (Process process : cluster) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private static Process start(String name, Path dir, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // the --add-opens this JVM runs with: Spark needs them on JDK 17
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .forEach(command::add);
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Spark master exited with status " + process.exitValue());
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on port " + port + " within 120 s");
    }
}
