package org.vifgate.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.vifgate.config.DesiredState;
import org.vifgate.config.LoadResult;
import org.vifgate.config.Problem;
import org.vifgate.netfilter.plan.Op;
import org.vifgate.netfilter.plan.Plan;
import org.vifgate.reconcile.Outcome;
import org.vifgate.reconcile.PlanText;
import org.vifgate.reconcile.ReconcileException;
import org.vifgate.state.HostLock;

/**
 * The resident loop of {@code vifgate watch}: keeps the host converged on the last good desired
 * state.
 *
 * <p>Everything that reads the file or touches the rules happens on the one thread that calls
 * {@link #run}, one thing at a time: there is never more than one reconcile in flight, and a stop
 * request is only acted on between two of them. Other threads only {@link Inbox#post post} events.
 * Time comes from the injected {@link Clock} and all waiting from {@link Inbox#poll}, so the loop
 * runs in unit tests on simulated time.
 *
 * <p>What the loop promises:
 *
 * <ul>
 *   <li>A file is applied only once it is valid and has stopped changing: a burst of events is
 *       coalesced (the {@link Debouncer}), and the file's {@link Fingerprint} must be the same
 *       before and after loading it, else the look is postponed by another quiet period.
 *   <li>An invalid or deleted file changes nothing: it is reported once per version, and the last
 *       good desired state stays in force (resync and role flips keep enforcing it).
 *   <li>A failed reconcile (a tool fails, the lock is busy, the read-back differs) is logged and
 *       retried with exponential backoff until it succeeds; any other trigger retries at once.
 *   <li>Every resync interval the live rules are re-read and drift repaired; the repair is logged
 *       with the plan's edits. The file is looked at too, in case an event was missed.
 *   <li>A role request records the runtime role and reconciles like {@code vifgate role}, and is
 *       answered {@code ok} only when the rules are in place: read back, or, for a flip planned
 *       against what the previous reconcile left ({@link Target#flip}), committed by a transaction
 *       that the kernel refuses unless it still held that; the read-back then follows the answer
 *       at once and repairs whatever it finds.
 * </ul>
 */
public final class Watcher {

  /** Why a reconcile runs. */
  enum Trigger {
    START,
    FILE,
    RELOAD,
    RESYNC,
    RETRY,
    ROLE,
    /** The read-back of a role flip that was applied without reading the rules first. */
    VERIFY;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path file;
  private final ConfigReader reader;
  private final Target target;
  private final Replier replier;
  private final WatchLog log;
  private final Clock clock;
  private final Inbox inbox;
  private final WatchSettings settings;
  private final Consumer<Set<Path>> directories;
  private final Debouncer debouncer;
  private final Backoff backoff;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DesiredState good;
  private Fingerprint seen;
  private Instant retryAt;
  private Instant resyncAt;
  private String stopReason;
  private volatile boolean stopRequested;

  /**
   * @param file the desired-state file, as given on the command line
   * @param directories told, after every look at the file, which directories to watch for it
   */
  public Watcher(
      Path file,
      ConfigReader reader,
      Target target,
      Replier replier,
      WatchLog log,
      Clock clock,
      Inbox inbox,
      WatchSettings settings,
      Consumer<Set<Path>> directories) {
    this.file = file.toAbsolutePath();
    this.reader = reader;
    this.target = target;
    this.replier = replier;
    this.log = log;
    this.clock = clock;
    this.inbox = inbox;
    this.settings = settings;
    this.directories = directories;
    this.debouncer = new Debouncer(settings.debounce(), settings.maxWait());
    this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
  }

  /** The directories whose events can mean the file changed: its own, and its target's. */
  public static Set<Path> directoriesOf(Path file) {
    Set<Path> dirs = new LinkedHashSet<>();
    Path absolute = file.toAbsolutePath();
    if (absolute.getParent() != null) {
      dirs.add(absolute.getParent());
    }
    try {
      Path real = absolute.toRealPath();
      if (real.getParent() != null) {
        dirs.add(real.getParent());
      }
    } catch (IOException e) {
      // Not there (yet): its own directory is enough to see it arrive.
    }
    return dirs;
  }

  /** Runs until {@link #requestStop}; returns after the last reconcile in flight has finished. */
  public void run() throws InterruptedException {
    try {
      examine(true);
      if (good != null) {
        converge(Trigger.START);
      } else {
        resyncAt = clock.instant().plus(settings.resync());
      }
      while (!stopRequested) {
        Optional<WatchEvent> event = inbox.poll(untilNextDeadline());
        if (event.isPresent()) {
          handle(event.get());
        }
        if (!stopRequested) {
          runDue();
        }
      }
      refuseQueued();
      log.info("stop", "stopped (" + stopReason + "); the rules stay as they are");
    } finally {
      stopped.countDown();
    }
  }

  /** Asks the loop to stop after what it is doing now. Safe from any thread. */
  public void requestStop(String why) {
    inbox.post(new WatchEvent.Stop(why));
    stopRequested = true;
  }

  /** Waits for {@link #run} to return; true when it did within the timeout. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The desired state in force: the last valid version of the file, if any arrived yet. */
  Optional<DesiredState> desired() {
    return Optional.ofNullable(good);
  }

  private Duration untilNextDeadline() {
    Instant next = earliest(earliest(debouncer.deadline().orElse(null), retryAt), resyncAt);
    if (next == null) {
      return null;
    }
    Duration wait = Duration.between(clock.instant(), next);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private void handle(WatchEvent event) {
    if (event instanceof WatchEvent.FileTouched) {
      debouncer.touch(clock.instant());
    } else if (event instanceof WatchEvent.Reload) {
      log.info("reload", "SIGHUP: reading " + file + " and reconciling now");
      debouncer.clear();
      examine(true);
      if (good != null) {
        converge(Trigger.RELOAD);
      }
    } else if (event instanceof WatchEvent.Stop stop) {
      stopRequested = true;
      if (stopReason == null) {
        stopReason = stop.why();
      }
    } else if (event instanceof WatchEvent.Control control) {
      onRequest(control.request());
    } else if (event instanceof WatchEvent.BadControl bad) {
      log.warn("bad-request", "control FIFO: " + bad.reason());
      bad.replyName()
          .filter(replier::waiting)
          .ifPresent(name -> replier.send(name, "refused " + bad.reason()));
    }
  }

  private void runDue() {
    Instant now = clock.instant();
    if (debouncer.isDue(now)) {
      debouncer.clear();
      if (examine(false)) {
        converge(Trigger.FILE);
      }
    }
    now = clock.instant();
    if (retryAt != null && !now.isBefore(retryAt)) {
      converge(Trigger.RETRY);
    }
    now = clock.instant();
    if (resyncAt != null && !now.isBefore(resyncAt)) {
      // The look at the file is a safety net for events the watch service lost (overflow, a
      // symlink swap above the watched directories).
      if (examine(false)) {
        converge(Trigger.FILE);
      } else if (good != null) {
        converge(Trigger.RESYNC);
      } else {
        resyncAt = now.plus(settings.resync());
      }
    }
  }

  /**
   * Looks at the file. Returns true when a new valid version was adopted as the desired state (or,
   * when {@code force}, the current one was read again).
   */
  private boolean examine(boolean force) {
    Fingerprint before;
    try {
      before = Fingerprint.of(file);
    } catch (IOException | RuntimeException e) {
      log.warn("file-unreadable", "cannot look at " + file + ": " + e.getMessage() + keeping());
      return false;
    } finally {
      directories.accept(directoriesOf(file));
    }
    if (!force && before.equals(seen)) {
      return false;
    }
    if (before.isAbsent()) {
      if (force || seen == null || !seen.isAbsent()) {
        log.warn("file-deleted", file + " does not exist" + keeping());
      }
      seen = before;
      return false;
    }
    LoadResult result = reader.load(file);
    Fingerprint after;
    try {
      after = Fingerprint.of(file);
    } catch (IOException | RuntimeException e) {
      after = null;
    }
    if (!before.equals(after)) {
      // Written to while it was read: look again once it has been quiet for a while.
      debouncer.touch(clock.instant());
      return false;
    }
    seen = before;
    if (result.state().isEmpty()) {
      List<Problem> problems = reader.problems(result);
      for (Problem problem : problems) {
        log.warn("invalid-file", problem.format());
      }
      long errors = problems.stream().filter(Problem::isError).count();
      log.warn(
          "invalid-file",
          file + " is invalid (" + errors + (errors == 1 ? " error" : " errors") + ")" + keeping(),
          "sha256",
          before.shortDigest());
      return false;
    }
    for (Problem warning : result.warnings()) {
      log.warn("file-warning", warning.format());
    }
    good = result.state().get();
    log.info("file-loaded", "loaded " + file, "sha256", before.shortDigest());
    return true;
  }

  private String keeping() {
    return good == null
        ? "; no desired state yet: the rules stay as they are until a valid file arrives"
        : "; the last good desired state stays in force";
  }

  /** The result of one reconcile attempt: an outcome, or the failure's message. */
  private record Attempt(Outcome outcome, String error, Duration retryIn, Duration took) {}

  private Attempt attempt() {
    return attempt(false);
  }

  /** @param flip a role request: the target may skip reading the rules before applying */
  private Attempt attempt(boolean flip) {
    Instant began = clock.instant();
    try {
      Outcome outcome = flip ? target.flip(good) : target.reconcile(good);
      Duration took = Duration.between(began, clock.instant());
      backoff.reset();
      retryAt = null;
      resyncAt = clock.instant().plus(settings.resync());
      return new Attempt(outcome, null, null, took);
    } catch (ReconcileException
        | HostLock.LockTimeoutException
        | IOException
        | RuntimeException e) {
      Duration took = Duration.between(began, clock.instant());
      Duration delay = backoff.fail();
      retryAt = clock.instant().plus(delay);
      resyncAt = null; // the retry comes sooner and does the same
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      return new Attempt(null, message, delay, took);
    }
  }

  private void converge(Trigger trigger) {
    int failures = backoff.failures();
    if (trigger == Trigger.RETRY) {
      log.info(
          "retry",
          "reconcile attempt " + (failures + 1) + " after " + failures + " failed",
          "attempt",
          failures + 1);
    }
    Attempt attempt = attempt();
    if (attempt.outcome() == null) {
      log.error(
          "error",
          "reconcile ("
              + trigger.word()
              + ") failed: "
              + attempt.error()
              + "; retrying in "
              + millis(attempt.retryIn()),
          "trigger",
          trigger.word(),
          "failures",
          backoff.failures(),
          "retryInMs",
          attempt.retryIn().toMillis());
      return;
    }
    Outcome outcome = attempt.outcome();
    boolean quietWhenInSync = trigger == Trigger.RESYNC || trigger == Trigger.VERIFY;
    if (outcome.applied()) {
      boolean drift = quietWhenInSync;
      log.info(
          drift ? "drift-repaired" : "applied",
          (drift ? "drift repaired: " : "applied: ") + PlanText.oneLine(outcome.plan()),
          fields(trigger, outcome, attempt, failures));
    } else if (!quietWhenInSync) {
      log.info(
          "in-sync", "the live rules already match", fields(trigger, outcome, attempt, failures));
    }
  }

  private static Object[] fields(
      Trigger trigger, Outcome outcome, Attempt attempt, int failuresBefore) {
    Plan plan = outcome.plan();
    List<Object> fields =
        new java.util.ArrayList<>(
            List.of(
                "trigger", trigger.word(),
                "role", outcome.role().id(),
                "backend", outcome.backend().backend().id(),
                "added", plan.count(Op.INSERT) + plan.count(Op.CREATE_CHAIN),
                "changed", plan.count(Op.REPLACE),
                "removed", plan.count(Op.DELETE) + plan.count(Op.DELETE_CHAIN),
                "ms", attempt.took().toMillis()));
    if (outcome.applied() && !outcome.readBack()) {
      // Applied by the guarded transaction alone; the read-back follows this line.
      fields.add("readBack");
      fields.add("after");
    }
    if (failuresBefore > 0) {
      fields.add("recoveredAfter");
      fields.add(failuresBefore);
    }
    if (!outcome.notes().isEmpty()) {
      fields.add("notes");
      fields.add(outcome.notes());
    }
    return fields.toArray();
  }

  /** Logs and answers a role request whose rules are not in place. */
  private void roleNotInPlace(Request.SetRole set, String why, Object... extraFields) {
    String role = set.role().id();
    Object[] fields = new Object[4 + extraFields.length];
    fields[0] = "role";
    fields[1] = role;
    fields[2] = "by";
    fields[3] = set.by();
    System.arraycopy(extraFields, 0, fields, 4, extraFields.length);
    log.error("role", "role " + role + " requested by " + set.by() + " not in place: " + why, fields);
    replier.send(set.replyName(), "error " + role + " not in place: " + why);
  }

  private void onRequest(Request request) {
    if (!fresh(request)) {
      replier.release(request.replyName());
      log.warn(
          "stale-request",
          "dropped a request its sender gave up on (deadline passed or reply FIFO gone): "
              + describe(request));
      return;
    }
    if (request instanceof Request.Ping ping) {
      replier.send(ping.replyName(), "ok pong");
      return;
    }
    Request.SetRole set = (Request.SetRole) request;
    String role = set.role().id();
    if (good == null) {
      String why = "no valid desired state loaded yet (see the invalid-file lines)";
      log.warn("role-refused", "role " + role + " requested by " + set.by() + ": " + why);
      replier.send(set.replyName(), "refused " + why);
      return;
    }
    try {
      target.recordRole(set.role(), set.by());
    } catch (IOException | RuntimeException e) {
      roleNotInPlace(set, "cannot record the runtime role: " + e.getMessage());
      return;
    }
    int failures = backoff.failures();
    Attempt attempt = attempt(true);
    Outcome outcome = attempt.outcome();
    if (outcome == null) {
      roleNotInPlace(
          set,
          attempt.error() + "; retrying in " + millis(attempt.retryIn()),
          "failures",
          backoff.failures(),
          "retryInMs",
          attempt.retryIn().toMillis());
      return;
    }
    if (outcome.role() != set.role()) {
      roleNotInPlace(
          set, "the effective role is " + outcome.role().id() + " (" + outcome.roleReason() + ")");
      return;
    }
    // The sender waits for this answer and Heartbeat for the sender: answer first, then log.
    replier.send(
        set.replyName(),
        "ok "
            + role
            + " "
            + (outcome.applied() ? PlanText.summary(outcome.plan()) : "in place, nothing to change")
            + " ("
            + attempt.took().toMillis()
            + " ms)");
    String done =
        outcome.applied() ? "applied: " + PlanText.oneLine(outcome.plan()) : "already in place";
    log.info(
        "role",
        "role " + role + " set by " + set.by() + ", " + done,
        withBy(fields(Trigger.ROLE, outcome, attempt, failures), set.by()));
    if (outcome.applied() && !outcome.readBack()) {
      // The flip went in without a read first, so the answer did not wait for one: read back now.
      converge(Trigger.VERIFY);
    }
  }

  private static Object[] withBy(Object[] fields, String by) {
    Object[] more = java.util.Arrays.copyOf(fields, fields.length + 2);
    more[fields.length] = "by";
    more[fields.length + 1] = by;
    return more;
  }

  private boolean fresh(Request request) {
    long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    return now <= request.deadlineMicros() && replier.waiting(request.replyName());
  }

  private static String describe(Request request) {
    if (request instanceof Request.SetRole set) {
      return "role " + set.role().id() + " by " + set.by();
    }
    return "ping";
  }

  /** Requests still queued when the loop stops are refused, so their senders fall back at once. */
  private void refuseQueued() throws InterruptedException {
    Optional<WatchEvent> event;
    while ((event = inbox.poll(Duration.ZERO)).isPresent()) {
      if (event.get() instanceof WatchEvent.Control control) {
        if (fresh(control.request())) {
          replier.send(control.request().replyName(), "refused the watcher is stopping");
        } else {
          replier.release(control.request().replyName());
        }
      } else if (event.get() instanceof WatchEvent.Stop stop && stopReason == null) {
        stopReason = stop.why();
      }
    }
    if (stopReason == null) {
      stopReason = "stop requested";
    }
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }
}
