package org.vifgate.watch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reply FIFOs as a set of names the test says exist; answers are recorded. */
final class RecordingReplier implements Replier {

  record Answer(String replyName, String line) {}

  final Set<String> present = new HashSet<>();
  final List<Answer> answers = new ArrayList<>();

  @Override
  public boolean waiting(String replyName) {
    return present.contains(replyName);
  }

  @Override
  public boolean send(String replyName, String line) {
    if (!present.contains(replyName)) {
      return false;
    }
    answers.add(new Answer(replyName, line));
    return true;
  }
}
