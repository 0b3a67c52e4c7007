package dev.weft.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.cli.Weft;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs a {@link FuzzCase} through the command line in-process, in a fresh directory, under a
 * time limit, and judges what it did: OK, a clean error, or a defect.
 */
final class Runner implements AutoCloseable {
    /** Words that belong to Java or Jackson, never to a message a user reads. */
    private static final Pattern INTERNALS = Pattern.compile(
            "java\\.|javax\\.|com\\.fasterxml|jackson|Jackson|Exception|\\bnull\\b|dev\\.weft\\.|\\bat [a-z]+\\.[a-z]+"
                    + "|Cannot invoke|ReadFeature|Feature\\.|\\bclass\\b|Unrecognized|[A-Z][a-z]+Node\\b|not an? (int|long|double|float)\\b"
                    + "|\\bString\\b|\\bInteger\\b|`");
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    /** What a case's thread writes to System.out or System.err directly, bypassing picocli's writers. */
    private static final ThreadLocal<ByteArrayOutputStream> STRAY = new ThreadLocal<>();
    private static final java.util.concurrent.atomic.AtomicInteger SERIAL = new java.util.concurrent.atomic.AtomicInteger();

    private final Path root;
    private final long timeoutMillis;
    private ExecutorService worker = newWorker();

    Runner(Path root, long timeoutMillis) {
        this.root = root;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Routes System.out and System.err of case threads into their own buffers (other threads
     * print as before), so that several runners can work side by side; undone by the returned action.
     */
    static Runnable captureStrayOutput() {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(routed(oldErr));
        System.setOut(routed(oldOut));
        return () -> {
            System.setErr(oldErr);
            System.setOut(oldOut);
        };
    }

    private static PrintStream routed(PrintStream fallback) {
        return new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                ByteArrayOutputStream buffer = STRAY.get();
                if (buffer != null) {
                    buffer.write(b);
                } else {
                    fallback.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                ByteArrayOutputStream buffer = STRAY.get();
                if (buffer != null) {
                    buffer.write(bytes, offset, length);
                } else {
                    fallback.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "weft-fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** What the command did. */
    record Run(int status, String out, String err, Throwable thrown, boolean timedOut) {
    }

    Outcome run(FuzzCase fuzzCase) {
        Path dir = root.resolve("case-" + SERIAL.getAndIncrement());
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : fuzzCase.files().entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
            List<String> args = fuzzCase.args().stream().map(a -> a.replace("@DIR", dir.toString())).toList();
            Run run = execute(args.toArray(String[]::new));
            return judge(fuzzCase, dir, args, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private Run execute(String[] args) {
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        {
            Future<Integer> status = worker.submit(() -> {
                STRAY.set(stray);
                CommandLine commandLine = Weft.commandLine();
                commandLine.setOut(new PrintWriter(out, true));
                commandLine.setErr(new PrintWriter(err, true));
                return commandLine.execute(args);
            });
            try {
                int code = status.get(timeoutMillis, TimeUnit.MILLISECONDS);
                return new Run(code, out.toString(), err + stray.toString(StandardCharsets.UTF_8), null, false);
            } catch (TimeoutException e) {
                status.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                return new Run(-1, out.toString(), err.toString(), null, true);
            } catch (java.util.concurrent.ExecutionException e) {
                return new Run(-1, out.toString(), err + stray.toString(StandardCharsets.UTF_8), e.getCause(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Outcome judge(FuzzCase fuzzCase, Path dir, List<String> args, Run run) throws IOException {
        if (run.timedOut()) {
            return Outcome.defect("no answer within " + timeoutMillis + " ms (a hang, or a size that should be refused up front)");
        }
        if (run.thrown() != null) {
            return Outcome.defect("uncaught " + stackTrace(run.thrown()));
        }
        Path out = option(args, "--out");
        Path json = option(args, "--json");
        boolean report = args.get(0).equals("report");
        List<String> leftovers = leftovers(dir);
        if (run.status() == 0) {
            if (fuzzCase.expect() == FuzzCase.Expect.REJECT) {
                return Outcome.defect("exit 0 for an input that must be refused");
            }
            if (!leftovers.isEmpty()) {
                return Outcome.defect("exit 0 but staging files left behind: " + leftovers);
            }
            if (run.out().contains("NaN") || run.out().contains("Infinity")) {
                return Outcome.defect("NaN or Infinity printed: " + firstLines(run.out(), 40));
            }
            List<Path> results = new ArrayList<>();
            if (out != null) {
                results.add(out.resolve("results.json"));
                results.add(out.resolve("schedule.json"));
                results.add(out.resolve("spmm.json"));
            }
            if (json != null) {
                results.add(json);
            }
            for (Path file : results) {
                if (Files.exists(file)) {
                    String problem = badNumbers(file);
                    if (problem != null) {
                        return Outcome.defect(file.getFileName() + ": " + problem);
                    }
                }
            }
            if (report && !Files.exists(dir.resolve("report.html"))) {
                return Outcome.defect("report exited 0 without writing report.html");
            }
            return Outcome.ok();
        }
        if (run.status() != 2) {
            return Outcome.defect("exit status " + run.status() + ": " + run.err());
        }
        if (fuzzCase.expect() == FuzzCase.Expect.ACCEPT) {
            return Outcome.defect("a valid input was refused: " + run.err().strip());
        }
        String err = run.err().strip();
        if (err.isEmpty() || err.contains("\n")) {
            return Outcome.defect("exit 2 but not exactly one line on stderr:\n" + firstLines(err, 30));
        }
        if (!err.startsWith("weft: error: ")) {
            return Outcome.defect("error line does not start with 'weft: error: ': " + err);
        }
        String internal = internals(fuzzCase, err);
        if (internal != null) {
            return Outcome.defect("error speaks Java or Jackson ('" + internal + "'): " + err);
        }
        if (!namesTheInput(fuzzCase, err)) {
            return Outcome.defect("error names neither the file nor an option: " + err);
        }
        if (out != null && Files.exists(out) && !fuzzCase.files().containsKey(dir.relativize(out).toString())) {
            return Outcome.defect("exit 2 but " + out.getFileName() + " was written");
        }
        if (json != null && Files.isRegularFile(json)) {
            return Outcome.defect("exit 2 but --json " + json.getFileName() + " was written");
        }
        if (report && Files.exists(dir.resolve("report.html"))) {
            return Outcome.defect("exit 2 but report.html was written");
        }
        if (!leftovers.isEmpty()) {
            return Outcome.defect("exit 2 but staging files left behind: " + leftovers);
        }
        return Outcome.clean();
    }

    /** What separates the words of an error line: a key path's dots and brackets, quotes, spaces. */
    private static final Pattern SEPARATOR = Pattern.compile("[\\s.:,'\"()\\[\\]{}=]");

    /**
     * The first word of the error that belongs to Java or Jackson, or null. A match inside a word
     * the input holds is the user's own text named back ({@code tr`affic_bytes}, a mistyped key),
     * which is what the message should do, unless the word is nothing but the match ({@code null}).
     */
    private static String internals(FuzzCase fuzzCase, String err) {
        Matcher m = INTERNALS.matcher(err);
        while (m.find()) {
            int from = m.start();
            while (from > 0 && !SEPARATOR.matcher(err.substring(from - 1, from)).matches()) {
                from--;
            }
            int to = m.end();
            while (to < err.length() && !SEPARATOR.matcher(err.substring(to, to + 1)).matches()) {
                to++;
            }
            String word = err.substring(from, to);
            if (word.length() == m.group().length() || !inInput(fuzzCase, word)) {
                return m.group();
            }
        }
        return null;
    }

    private static boolean inInput(FuzzCase fuzzCase, String text) {
        return fuzzCase.args().stream().anyMatch(arg -> arg.contains(text)) || fuzzCase.files().values().stream()
                .anyMatch(bytes -> new String(bytes, StandardCharsets.UTF_8).contains(text));
    }

    private static boolean namesTheInput(FuzzCase fuzzCase, String err) {
        if (err.contains("--")) {
            return true;
        }
        for (String file : fuzzCase.files().keySet()) {
            if (err.contains(Path.of(file).getFileName().toString())) {
                return true;
            }
        }
        return fuzzCase.files().isEmpty();
    }

    /** Why a written JSON file is not a valid result: NaN, an infinity, or a negative count or energy. */
    static String badNumbers(Path file) throws IOException {
        String text = Files.readString(file);
        if (text.contains("NaN") || text.contains("Infinity")) {
            return "holds NaN or Infinity";
        }
        JsonNode tree = LENIENT.readTree(text);
        return negative(tree, "");
    }

    private static String negative(JsonNode node, String path) {
        if (node.isNumber()) {
            if (!Double.isFinite(node.asDouble())) {
                return path + " is " + node.asText();
            }
            if (node.asDouble() < 0 && !path.endsWith("seed")) {
                return path + " is negative (" + node.asText() + ")";
            }
            return null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String problem = negative(field.getValue(), path + "." + field.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String problem = negative(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static Path option(List<String> args, String name) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() && !args.get(at + 1).isBlank() ? Path.of(args.get(at + 1)) : null;
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.map(p -> p.getFileName().toString())
                    .filter(name -> name.contains(".partial-") || (name.startsWith(".report") && name.endsWith(".html")))
                    .toList();
        }
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));
        return firstLines(text.toString(), 14);
    }

    private static String firstLines(String text, int count) {
        return text.lines().limit(count).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the next case uses a fresh one
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
