package org.vifgate.doctor;

/**
 * One thing that silently breaks a Xen HA pair when wrong. A check only reads (files, command
 * output through a {@link org.vifgate.exec.CommandRunner}); it never changes the host. Each
 * implementation carries what it needs, so that it can be tested alone with fakes.
 */
public interface Check {

  /** A short name, shown in the report's second column. */
  String name();

  /**
   * Runs the check. An exception means the check itself could not run; {@link Doctor} reports it as
   * a failure of that check rather than stopping the others.
   */
  Finding run() throws Exception;
}
