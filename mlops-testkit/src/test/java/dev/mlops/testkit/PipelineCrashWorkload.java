package dev.mlops.testkit;

import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineListener;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepEvent;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child of {@link PipelineCrashTest}: runs a pipeline of {@link #STEPS} steps on the embedded
 * store of a directory, sequentially, printing {@code run <id>} when its first step starts and
 * {@code ready} after {@code readyAfter} steps finished, until the parent kills it. Every step body
 * appends its step name as one line to a side file before it returns, so the parent can count which
 * bodies ran.
 *
 * <p>Arguments: {@code <store dir> <side file> <readyAfter>}.
 */
final class PipelineCrashWorkload {
  /** Steps in the pipeline. */
  static final int STEPS = 800;

  /** Every step but each {@value}-th reads the output of the step before. */
  static final int CHAIN = 5;

  private PipelineCrashWorkload() {}

  public static void main(String[] args) {
    try {
      Path dir = Path.of(args[0]);
      Path side = Path.of(args[1]);
      int readyAfter = Integer.parseInt(args[2]);
      Mlops mlops = Mlops.open(dir);
      AtomicInteger finished = new AtomicInteger();
      AtomicBoolean announced = new AtomicBoolean();
      PipelineListener listener =
          new PipelineListener() {
            @Override
            public void started(StepEvent event) {
              if (announced.compareAndSet(false, true)) {
                CrashWorkload.print("run " + event.runId());
              }
            }

            @Override
            public void finished(StepEvent event) {
              if (finished.incrementAndGet() == readyAfter) {
                CrashWorkload.print("ready");
              }
            }
          };
      // With a direct executor, start() runs the steps on this thread: the listener prints the id.
      PipelineRun run =
          mlops
              .pipelines()
              .start(
                  pipeline(side),
                  Arguments.empty(),
                  RunOptions.builder().executor(Runnable::run).listener(listener).build());
      run.await();
      CrashWorkload.print("finished");
      Runtime.getRuntime().halt(3);
    } catch (Throwable t) {
      CrashWorkload.print("error " + t.toString().replace('\n', ' '));
      Runtime.getRuntime().halt(1);
    }
  }

  static String stepName(int k) {
    return "s" + k;
  }

  /**
   * The pipeline: step {@code k} writes output {@code o<k>}, a text that depends only on {@code k}
   * (and on its input), and reads {@code o<k-1>} unless {@code k} is a multiple of {@link #CHAIN}.
   */
  static Pipeline pipeline(Path side) {
    Pipeline.Builder b = Pipeline.builder("crashpipe");
    List<Output<String>> outs = new ArrayList<>();
    for (int k = 0; k < STEPS; k++) {
      outs.add(Output.of("o" + k, Codecs.utf8()));
    }
    for (int k = 0; k < STEPS; k++) {
      int step = k;
      Output<String> out = outs.get(k);
      boolean reads = k % CHAIN != 0;
      Output<String> in = outs.get(reads ? k - 1 : k);
      Step.Builder s = Step.builder(stepName(k)).output(out);
      if (reads) {
        s.input(in);
      }
      b.step(
          s.body(
              ctx -> {
                String read = reads ? ctx.get(in) : "";
                append(side, stepName(step) + "\n");
                ctx.put(out, "value " + step + " after " + read.length());
              }));
    }
    return b.build();
  }

  /** Appends a line in one write, so a kill leaves it whole or absent. */
  static void append(Path file, String line) {
    try (FileChannel c =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        c.write(buf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
