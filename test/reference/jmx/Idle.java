// A JVM that does nothing but serve its platform MBeans over remote JMX (the
// -Dcom.sun.management.jmxremote.* flags its launcher passes): parity-jmx.test.ts's server for
// password authentication and SSL, which the Kafka node there runs without.
public class Idle {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
