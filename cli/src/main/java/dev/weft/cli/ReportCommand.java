package dev.weft.cli;

import dev.weft.error.WeftInputException;
import dev.weft.reports.HtmlReport;
import dev.weft.reports.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Re-render report.html from the JSON files of a results directory (results.json, "
                + "comparison.json, sweep.json, spmm.json), e.g. after editing them or upgrading Weft."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "A directory a weft command wrote.")
    Path from;

    @Override
    public Integer call() {
        String page = HtmlReport.render(ReportFiles.read(from));
        Path target = from.resolve(ReportFiles.PAGE);
        try {
            // written beside the target and moved over it, so a failure leaves the old page whole
            Path staging = Files.createTempFile(from, ".report", ".html");
            Files.writeString(staging, page, StandardCharsets.UTF_8);
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WeftInputException("--from", null, "cannot write " + target + ": " + e.getMessage(),
                    "give a directory you can write to, or copy it somewhere writable first");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + target.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }
}
