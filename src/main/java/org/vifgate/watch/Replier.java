package org.vifgate.watch;

/** Answers requests on the reply FIFO their sender named. */
public interface Replier {

  /**
   * Whether the sender's reply FIFO is still there (a FIFO, in the state directory). A sender that
   * gave up removes it, which makes a request left behind in the control FIFO stale.
   */
  boolean waiting(String replyName);

  /** Writes one line to the reply FIFO; false when it is gone or cannot be written. */
  boolean send(String replyName, String line);

  /**
   * Gives up on answering a request (dropped as stale): a reply slot the sender claimed becomes
   * free for the next sender.
   */
  default void release(String replyName) {}
}
