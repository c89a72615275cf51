package org.vifgate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifgate.config.Role;
import org.vifgate.exec.ProcessRunner;
import org.vifgate.exec.Tools;

/** The control FIFO and reply FIFOs on the real file system (FIFOs need no privileges). */
class ControlChannelTest {

  @TempDir Path dir;

  private final String mkfifo = Tools.system().require("mkfifo");

  private static void write(Path fifo, String text) throws IOException {
    try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static List<WatchEvent> take(Inbox inbox, int count) throws InterruptedException {
    List<WatchEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Optional<WatchEvent> event = inbox.poll(Duration.ofSeconds(5));
      assertTrue(event.isPresent(), "event " + i + " of " + count + " did not arrive: " + events);
      events.add(event.get());
    }
    return events;
  }

  @Test
  void createsTheFifoOnceAndReadsRequestsFromManyWriters() throws Exception {
    Inbox inbox = Inbox.queue();
    try (ControlChannel control = ControlChannel.open(dir, new ProcessRunner(), mkfifo)) {
      assertTrue(Fifos.isFifo(control.path()));
      assertEquals(
          "rw-------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(control.path())));
      control.start(inbox);
      // Each writer opens, writes and closes: the reader never sees end-of-file.
      write(control.path(), "role active reply.1 hb 123\n");
      write(control.path(), "ping reply.2 5\nrole bogus reply.3 hb 1\n");
      write(control.path(), "role passive reply.4 ");
      write(control.path(), "hb 9\n");
      List<WatchEvent> events = take(inbox, 4);
      assertEquals(
          new WatchEvent.Control(new Request.SetRole(Role.ACTIVE, "reply.1", "hb", 123)),
          events.get(0));
      assertEquals(new WatchEvent.Control(new Request.Ping("reply.2", 5)), events.get(1));
      assertEquals(
          new WatchEvent.BadControl(
              "unknown role 'bogus' (active or passive)", Optional.of("reply.3")),
          events.get(2));
      assertEquals(
          new WatchEvent.Control(new Request.SetRole(Role.PASSIVE, "reply.4", "hb", 9)),
          events.get(3));
    }
    try (ControlChannel again =
        ControlChannel.open(
            dir,
            command -> {
              throw new AssertionError("mkfifo must not run again: " + command.display());
            },
            mkfifo)) {
      assertTrue(Fifos.isFifo(again.path()));
    }
  }

  @Test
  void anOverlongLineIsDroppedWholeAndTheNextOneStillParses() throws Exception {
    Inbox inbox = Inbox.queue();
    try (ControlChannel control = ControlChannel.open(dir, new ProcessRunner(), mkfifo)) {
      control.start(inbox);
      write(control.path(), "role active reply.1 " + "x".repeat(10_000) + " 1\nping reply.2 7\n");
      List<WatchEvent> events = take(inbox, 2);
      assertInstanceOf(WatchEvent.BadControl.class, events.get(0));
      assertEquals(new WatchEvent.Control(new Request.Ping("reply.2", 7)), events.get(1));
    }
  }

  @Test
  void closeStopsTheReaderThread() throws Exception {
    Inbox inbox = Inbox.queue();
    ControlChannel control = ControlChannel.open(dir, new ProcessRunner(), mkfifo);
    control.start(inbox);
    Thread.sleep(50);
    long started = System.nanoTime();
    control.close();
    assertTrue(
        Duration.ofNanos(System.nanoTime() - started).toMillis() < 900,
        "the blocked read was interrupted");
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().equals("vifgate-watch-control") && t.isAlive()));
    assertTrue(
        Fifos.isFifo(dir.resolve(ControlChannel.NAME)), "the FIFO stays for the next watcher");
  }

  @Test
  void refusesSomethingElseWhereTheFifoShouldBe() throws Exception {
    Files.writeString(dir.resolve(ControlChannel.NAME), "not a fifo");
    IOException e =
        assertThrows(
            IOException.class, () -> ControlChannel.open(dir, new ProcessRunner(), mkfifo));
    assertTrue(e.getMessage().contains("is not a FIFO"), e.getMessage());
  }

  @Test
  void repliesGoToFifosInTheStateDirectoryOnly() throws Exception {
    FifoReplier replier = new FifoReplier(dir);
    assertFalse(replier.waiting("reply.1"));
    assertFalse(replier.send("reply.1", "ok"), "no FIFO, no answer, and no file created");
    assertFalse(Files.exists(dir.resolve("reply.1")));
    Files.writeString(dir.resolve("reply.file"), "");
    assertFalse(replier.waiting("reply.file"), "a regular file is not a reply FIFO");
    assertThrows(IllegalArgumentException.class, () -> replier.waiting("../etc/passwd"));
    Path elsewhere = dir.resolve("elsewhere");
    assertTrue(
        new ProcessRunner()
            .run(org.vifgate.exec.Command.of(mkfifo, elsewhere.toString()))
            .succeeded());
    Files.createSymbolicLink(dir.resolve("reply.link"), elsewhere);
    assertFalse(replier.waiting("reply.link"), "a symbolic link is never followed");
  }

  @Test
  void aReplyArrivesWholeAndWritingNeverBlocksWithoutAReader() throws Exception {
    FifoReplier replier = new FifoReplier(dir);
    Path reply = dir.resolve("reply.42");
    assertTrue(
        new ProcessRunner().run(org.vifgate.exec.Command.of(mkfifo, reply.toString())).succeeded());
    // Nobody reads: the write still returns at once (the sender has gone).
    assertTrue(replier.send("reply.42", "ok gone"));
    assertFalse(Files.exists(reply), "an answered reply FIFO is removed");
    assertTrue(
        new ProcessRunner().run(org.vifgate.exec.Command.of(mkfifo, reply.toString())).succeeded());
    try (FileChannel reader =
        FileChannel.open(reply, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertTrue(replier.send("reply.42", "ok active\nwith a newline"));
      ByteBuffer buffer = ByteBuffer.allocate(200);
      reader.read(buffer);
      assertEquals(
          "ok active with a newline\n",
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void staleReplyFifosAreRemovedAtStartRecentOnesStay() throws Exception {
    Path old = dir.resolve("reply.111.1");
    Path recent = dir.resolve("reply.222.2");
    Path other = dir.resolve("reply.notafifo");
    for (Path fifo : List.of(old, recent)) {
      assertTrue(
          new ProcessRunner()
              .run(org.vifgate.exec.Command.of(mkfifo, fifo.toString()))
              .succeeded());
    }
    Files.writeString(other, "");
    // Not Files.setLastModifiedTime: the JDK opens the file for that, and opening a FIFO blocks.
    assertTrue(
        new ProcessRunner()
            .run(org.vifgate.exec.Command.of("touch", "-d", "1 hour ago", old.toString()))
            .succeeded());
    Files.setLastModifiedTime(
        other, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
    ControlChannel.open(dir, new ProcessRunner(), mkfifo).close();
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(recent));
    assertTrue(Files.exists(other), "only FIFOs are housekeeping");
  }

  @Test
  void openMakesTheReplySlotsOnceAndKeepsThemAndFreshClaims() throws Exception {
    ControlChannel.open(dir, new ProcessRunner(), mkfifo).close();
    for (int i = 0; i < ControlChannel.SLOTS; i++) {
      assertTrue(Fifos.isFifo(dir.resolve("reply.slot." + i)), "slot " + i);
    }
    Path fresh = dir.resolve("reply.slot.1.claim");
    Path stale = dir.resolve("reply.slot.2.claim");
    Files.writeString(fresh, "");
    Files.writeString(stale, "");
    Files.setLastModifiedTime(
        stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(ControlChannel.STALE_CLAIM).minusSeconds(60)));
    ControlChannel.open(dir, new ProcessRunner(), mkfifo).close();
    assertTrue(Files.exists(fresh), "a recent claim belongs to a sender still waiting");
    assertFalse(Files.exists(stale), "a claim older than any wait is freed");
    assertTrue(Fifos.isFifo(dir.resolve("reply.slot.0")), "slots are kept across restarts");
  }

  @Test
  void aSlotIsWaitingOnlyWhileClaimedAndAnsweringFreesIt() throws Exception {
    ControlChannel.open(dir, new ProcessRunner(), mkfifo).close();
    FifoReplier replier = new FifoReplier(dir);
    Path slot = dir.resolve("reply.slot.3");
    Path claim = dir.resolve("reply.slot.3.claim");
    assertFalse(replier.waiting("reply.slot.3"), "nobody claimed it");
    assertFalse(replier.send("reply.slot.3", "ok nobody"), "nothing is written to an unclaimed slot");
    Files.writeString(claim, "");
    assertTrue(replier.waiting("reply.slot.3"));
    try (FileChannel reader = FileChannel.open(slot, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      assertTrue(replier.send("reply.slot.3", "ok active"));
      ByteBuffer buffer = ByteBuffer.allocate(200);
      reader.read(buffer);
      assertEquals("ok active\n", new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
    }
    assertTrue(Fifos.isFifo(slot), "the slot stays");
    assertFalse(Files.exists(claim), "answered: free for the next sender");
    Files.writeString(claim, "");
    replier.release("reply.slot.3");
    assertFalse(Files.exists(claim), "a dropped request frees its slot too");
    replier.release("reply.77");
  }
}
