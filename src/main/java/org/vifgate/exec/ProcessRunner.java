package org.vifgate.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@link CommandRunner} backed by {@link ProcessBuilder}. */
public final class ProcessRunner implements CommandRunner {

  @Override
  public CommandResult run(Command command) throws IOException {
    long started = System.nanoTime();
    Process process = start(command, command.stdin() != null);
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    if (command.stdin() != null) {
      feed(process, command.stdin().getBytes(StandardCharsets.UTF_8));
    }
    return await(command, process, out, err, started);
  }

  @Override
  public Waiting startWaiting(Command command) throws IOException {
    Process process = start(command, true);
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    return new Waiting() {
      @Override
      public CommandResult finish(byte[] input) throws IOException {
        long started = System.nanoTime();
        feed(process, input);
        return await(command, process, out, err, started);
      }

      @Override
      public boolean isAlive() {
        return process.isAlive();
      }

      @Override
      public void cancel() {
        process.destroyForcibly();
      }
    };
  }

  private static Process start(Command command, boolean withInput) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command.argv());
    builder.environment().put("LC_ALL", "C");
    if (!withInput) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    try {
      return builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.program() + ": " + rootMessage(e), e);
    }
  }

  private static void feed(Process process, byte[] input) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(input);
    } catch (IOException e) {
      // The program exited without reading all its input; its exit code tells what happened.
    }
  }

  private static CommandResult await(
      Command command,
      Process process,
      CompletableFuture<byte[]> out,
      CompletableFuture<byte[]> err,
      long started)
      throws IOException {
    try {
      if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new IOException(
            command.program() + " did not finish within " + command.timeout().toMillis() + " ms");
      }
      // stdout stays bytes: a save tool's megabytes go to a parser that reads bytes, and are
      // decoded only if someone asks for the text.
      return new CommandResult(
          command,
          process.exitValue(),
          out.get(),
          new String(err.get(), StandardCharsets.UTF_8),
          Duration.ofNanos(System.nanoTime() - started));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + command.program(), e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read output of " + command.program(), e.getCause());
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                result.complete(stream.readAllBytes());
              } catch (IOException | UncheckedIOException e) {
                result.completeExceptionally(e);
              }
            },
            "drain");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
