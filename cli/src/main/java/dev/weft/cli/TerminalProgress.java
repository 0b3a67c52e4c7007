package dev.weft.cli;

import dev.weft.pipeline.Progress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr for work over many operators or points. They are drawn only on a
 * terminal so that logs and pipes stay clean.
 */
enum TerminalProgress implements Progress {
    INSTANCE;

    @Override
    public Bar open(String task, long total) {
        if (System.console() == null) {
            return NONE.open(task, total);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        return new Bar() {
            @Override
            public void accept(int done) {
                bar.stepTo(done);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
