package org.vifgate.lab;

/**
 * Two small Python programs the lab runs inside its namespaces, passed with {@code python3 -I -S
 * -c} and plain arguments (no shell). Python is used because nothing else installed here can send a
 * VLAN-tagged frame on a kernel without 8021q, or send UDP at a fixed rate whether or not anything
 * answers (ping slows down when replies stop, which would hide a short leak).
 */
final class Scripts {

  private Scripts() {}

  /**
   * Sends COUNT copies of an 802.1Q-tagged Ethernet frame carrying a valid IPv4/UDP packet (valid
   * so that br_netfilter, when told to filter tagged frames, judges it like real traffic).
   *
   * <p>Arguments: DEVICE DST_MAC SRC_MAC VLAN_ID SRC_IP DST_IP COUNT.
   */
  static final String TAGGED_FRAMES =
      """
      import socket, struct, sys
      dev, dst, src, vid, sip, dip, count = sys.argv[1:8]
      mac = lambda text: bytes.fromhex(text.replace(':', ''))
      data = b'vifgate-lab-tagged'
      udp = struct.pack('!HHHH', 50010, 50010, 8 + len(data), 0) + data
      ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                       socket.inet_aton(sip), socket.inet_aton(dip))
      total = sum(struct.unpack('!10H', ip))
      while total >> 16:
          total = (total & 0xffff) + (total >> 16)
      ip = ip[:10] + struct.pack('!H', ~total & 0xffff) + ip[12:]
      frame = mac(dst) + mac(src) + struct.pack('!HHH', 0x8100, int(vid), 0x0800) + ip + udp
      with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
          s.bind((dev, 0))
          for _ in range(int(count)):
              s.send(frame)
      """;

  /**
   * Sends UDP datagrams to DST_IP:PORT at RATE per second until SECONDS have passed or it receives
   * SIGTERM, then prints how many it sent. It writes its PID to PIDFILE (atomically, via a rename)
   * once it is ready, so that the caller can stop it by PID. TOKEN is not used by the program: it
   * makes the command line unique so the caller can check a PID is still this process.
   *
   * <p>Arguments: DST_IP PORT RATE SECONDS PIDFILE TOKEN.
   */
  static final String UDP_STREAM =
      """
      import os, signal, socket, sys, time
      dip, port, rate, seconds, pidfile = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \\
          float(sys.argv[4]), sys.argv[5]
      class Stop(Exception):
          pass
      def stop(*_):
          raise Stop()
      signal.signal(signal.SIGTERM, stop)
      signal.signal(signal.SIGINT, stop)
      sent = 0
      data = b'vifgate-lab-stream'
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      try:
          with open(pidfile + '.tmp', 'w') as f:
              f.write(str(os.getpid()))
          os.rename(pidfile + '.tmp', pidfile)
          start = time.monotonic()
          while True:
              elapsed = time.monotonic() - start
              if elapsed >= seconds:
                  break
              due = int(elapsed * rate) + 1
              while sent < due:
                  try:
                      s.sendto(data, (dip, port))
                  except OSError:
                      pass
                  sent += 1
              time.sleep(0.0005)
      except Stop:
          pass
      print(sent, flush=True)
      """;
}
