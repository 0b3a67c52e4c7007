package dev.weft.cli;

import dev.weft.workload.zoo.ModelZoo;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the built-in models (Hugging Face-style configs shipped with Weft).")
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-12s %-8s %-7s %s%n", "model", "type", "input", "Hugging Face id");
        for (ModelZoo.ModelInfo model : ModelZoo.list()) {
            out.printf("%-12s %-8s %-7s %s%n", model.name(), model.modelType(), model.vision() ? "image" : "tokens",
                    model.huggingFaceId());
        }
        out.println("Any Hugging Face-style config.json path is accepted wherever a model name is.");
        out.flush();
    }
}
