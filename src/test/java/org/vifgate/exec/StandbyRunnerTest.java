package org.vifgate.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commands started ahead of time, with real processes (cat, echo, test and GNU xargs). */
class StandbyRunnerTest {

  private final Tools tools = Tools.system();
  private final CountingRunner processes = new CountingRunner(new ProcessRunner());
  private Instant now = Instant.parse("2026-11-26T10:00:00Z");
  private final StandbyRunner standby =
      new StandbyRunner(processes, tools.require("xargs"), new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      }, Duration.ofMinutes(1));

  @AfterEach
  void close() {
    standby.close();
  }

  private Command cat(String input) {
    return Command.of(tools.require("cat")).withStdin(input);
  }

  @Test
  void aCommandWithInputStartsAheadAndGetsItsInputWhenRun() throws Exception {
    standby.prepare(cat(""));
    assertTrue(standby.isReady(cat("anything")), "the input is not part of what is prepared");
    assertEquals(1, processes.started.size());

    CommandResult result = standby.run(cat("*filter\nCOMMIT\n"));

    assertEquals("*filter\nCOMMIT\n", result.stdout());
    assertTrue(result.succeeded());
    assertEquals(cat("*filter\nCOMMIT\n"), result.command(), "reported as the caller wrote it");
    assertEquals(0, processes.runs, "nothing was started when it ran");
    assertFalse(standby.isReady(cat("")), "a standby serves one run");
  }

  @Test
  void aCommandWithoutInputStartsAheadThroughXargsWithExactlyItsArguments() throws Exception {
    Command echo = Command.of(tools.require("echo"), "-R", "VIFGATE", "3", "two words", "");
    standby.prepare(echo);
    assertEquals(List.of(tools.require("xargs"), "-0", "-r", "--", tools.require("echo")), processes.started.get(0));

    CommandResult result = standby.run(echo);

    assertEquals("-R VIFGATE 3 two words \n", result.stdout());
    assertEquals(0, processes.runs);
  }

  @Test
  void aFailingCommandThroughXargsFailsWithItsMessage() throws Exception {
    Command ls = Command.of(tools.require("ls"), "/no/such/path");
    standby.prepare(ls);
    CommandResult result = standby.run(ls);
    assertFalse(result.succeeded());
    assertEquals(123, result.exitCode(), "xargs's status for a failed program");
    assertTrue(result.stderr().contains("/no/such/path"), result.stderr());
  }

  @Test
  void withoutAStandbyACommandRunsTheOrdinaryWay() throws Exception {
    Command echo = Command.of(tools.require("echo"), "hi");
    assertEquals("hi\n", standby.run(echo).stdout());
    assertEquals(1, processes.runs);
    assertEquals(0, processes.started.size());
  }

  @Test
  void aStandbyThatDiedIsNotUsed() throws Exception {
    standby.prepare(cat(""));
    processes.waiting.get(0).cancel();
    Thread.sleep(100);
    assertEquals("x", standby.run(cat("x")).stdout());
    assertEquals(1, processes.runs, "ran the ordinary way");
  }

  @Test
  void prepareKeepsALiveStandbyAndRestartsAnOldOne() throws Exception {
    standby.prepare(cat(""));
    standby.prepare(cat(""));
    assertEquals(1, processes.started.size(), "a live young standby is kept");
    now = now.plus(Duration.ofMinutes(2));
    standby.prepare(cat(""));
    assertEquals(2, processes.started.size());
    Thread.sleep(100);
    assertFalse(processes.waiting.get(0).isAlive(), "the old one was killed");
    assertTrue(processes.waiting.get(1).isAlive());
  }

  @Test
  void closeKillsEveryStandbyAndNoneStartsAfterwards() throws Exception {
    standby.prepare(cat(""));
    standby.prepare(Command.of(tools.require("echo"), "x"));
    standby.close();
    Thread.sleep(100);
    assertTrue(processes.waiting.stream().noneMatch(Waiting::isAlive));
    standby.prepare(cat(""));
    assertEquals(2, processes.started.size());
  }

  @Test
  void aCommandWithoutInputOrArgumentsCannotWait() {
    assertThrows(IllegalArgumentException.class, () -> standby.prepare(Command.of(tools.require("echo"))));
  }

  /** The real runner, counting what it starts. */
  static final class CountingRunner implements CommandRunner {
    final CommandRunner real;
    final List<List<String>> started = new ArrayList<>();
    final List<Waiting> waiting = new ArrayList<>();
    int runs;

    CountingRunner(CommandRunner real) {
      this.real = real;
    }

    @Override
    public CommandResult run(Command command) throws java.io.IOException {
      runs++;
      return real.run(command);
    }

    @Override
    public Waiting startWaiting(Command command) throws java.io.IOException {
      started.add(command.argv());
      Waiting w = real.startWaiting(command);
      waiting.add(w);
      return w;
    }
  }
}
