// Test peer for test/unit/core/jmx-java.test.ts: the JDK's own ObjectOutputStream writes the values a
// JMX client reads (hex, one per line), and its ObjectInputStream reads back what tkafka's writer wrote
// (hex lines on stdin), printing what it got. Run as a single-file source program (java SerialPeer.java).
import java.io.*;
import java.util.*;
import javax.management.*;

public class SerialPeer {
    public interface DemoMBean { long getCount(); double getRate(); String getName(); int[] getIds(); }
    public static class Demo implements DemoMBean {
        public long getCount() { return 42L; }
        public double getRate() { return 0.25; }
        public String getName() { return "n\u00e9"; }
        public int[] getIds() { return new int[] {1, 2}; }
    }

    public interface Ping extends java.rmi.Remote { String ping() throws java.rmi.RemoteException; }
    public static class Demo2 implements Ping { public String ping() { return "pong"; } }

    static String hex(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) { out.writeObject(o); }
        StringBuilder sb = new StringBuilder();
        for (byte x : b.toByteArray()) sb.append(String.format("%02x", x));
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("write")) {
            System.out.println(hex(new ObjectName("kafka.server:type=app-info,id=1")));
            Set<ObjectName> set = new HashSet<>(List.of(new ObjectName("a:type=x"), new ObjectName("b:type=y,name=z")));
            System.out.println(hex(set));
            AttributeList list = new AttributeList();
            list.add(new Attribute("Count", 42L));
            list.add(new Attribute("Rate", 0.25));
            list.add(new Attribute("Value", 7));
            list.add(new Attribute("Version", "4.4.0"));
            list.add(new Attribute("Missing", null));
            System.out.println(hex(list));
            System.out.println(hex(new StandardMBean(new Demo(), DemoMBean.class).getMBeanInfo()));
            // An open-type value (as java.lang:type=Memory's HeapMemoryUsage), then Java's toString of it.
            javax.management.openmbean.CompositeType usage = new javax.management.openmbean.CompositeType("Usage", "usage",
                new String[] {"used", "max", "names", "rate"}, new String[] {"u", "m", "n", "r"},
                new javax.management.openmbean.OpenType<?>[] {javax.management.openmbean.SimpleType.LONG, javax.management.openmbean.SimpleType.LONG,
                    new javax.management.openmbean.ArrayType<String[]>(1, javax.management.openmbean.SimpleType.STRING), javax.management.openmbean.SimpleType.DOUBLE});
            javax.management.openmbean.CompositeDataSupport data = new javax.management.openmbean.CompositeDataSupport(usage,
                new String[] {"used", "max", "names", "rate"}, new Object[] {12L, -1L, new String[] {"a", "b"}, 0.5});
            System.out.println(hex(data));
            System.out.println(data);
            return;
        }
        if (args.length > 0 && args[0].equals("stubs")) {
            // Real stubs, exported on a free port of 127.0.0.1: a dynamic proxy (RemoteObjectInvocationHandler,
            // what an interface without a stub class gets) and the JMX connector's RMIServerImpl_Stub. Each line:
            // hex of the serialized stub, the port, the ObjID's object number.
            System.setProperty("java.rmi.server.hostname", "127.0.0.1");
            java.rmi.Remote proxy = java.rmi.server.UnicastRemoteObject.exportObject(new Demo2(), 0);
            javax.management.remote.JMXConnectorServer cs = javax.management.remote.JMXConnectorServerFactory.newJMXConnectorServer(
                new javax.management.remote.JMXServiceURL("service:jmx:rmi://127.0.0.1"), null, java.lang.management.ManagementFactory.getPlatformMBeanServer());
            cs.start();
            // The connector's address is service:jmx:rmi://127.0.0.1/stub/<base64 of the serialized RMIServerImpl_Stub>.
            String path = cs.getAddress().getURLPath();
            byte[] serialized = Base64.getDecoder().decode(path.substring("/stub/".length()));
            java.rmi.Remote stub;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) { stub = (java.rmi.Remote) in.readObject(); }
            for (java.rmi.Remote r : new java.rmi.Remote[] {proxy, stub}) {
                java.rmi.server.RemoteRef ref = ((java.rmi.server.RemoteObject) (r instanceof java.lang.reflect.Proxy ? (java.rmi.server.RemoteObject) java.lang.reflect.Proxy.getInvocationHandler(r) : (java.rmi.server.RemoteObject) r)).getRef();
                String text = ref.remoteToString(); // [endpoint:[127.0.0.1:PORT](local),objID:[...]]
                System.out.println(hex(r) + " " + text);
            }
            System.out.println(cs.getAddress());
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("hashes")) {
            // RMI's own method hash (needs --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED).
            java.lang.reflect.Method compute = Class.forName("sun.rmi.server.Util").getMethod("computeMethodHash", java.lang.reflect.Method.class);
            for (String cls : new String[] {"javax.management.remote.rmi.RMIServer", "javax.management.remote.rmi.RMIConnection"}) {
                for (java.lang.reflect.Method m : Class.forName(cls).getMethods()) {
                    if (List.of("newClient", "queryNames", "getMBeanInfo", "getAttributes", "close").contains(m.getName())) {
                        System.out.println(cls + "." + m.getName() + " " + compute.invoke(null, m));
                    }
                }
            }
            return;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            byte[] b = new byte[line.length() / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(line.substring(2 * i, 2 * i + 2), 16);
            try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(b))) {
                Object o = ois.readObject();
                if (o instanceof String[]) System.out.println("String[] " + Arrays.toString((String[]) o));
                else if (o instanceof ObjectName) System.out.println("ObjectName " + o + " pattern=" + ((ObjectName) o).isPattern());
                else System.out.println(o == null ? "null" : o.getClass().getName() + " " + o);
            }
        }
    }
}
