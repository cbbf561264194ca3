// Sets the SCRAM-SHA-512 credential of every user in a `name=password` file except the super user (bootstrapped
// at storage format time), through the Admin API (AlterUserScramCredentials), as the super user. Idempotent.
// Run by infra/local/kafka.sh with the broker's own jars: java -cp "lib/*" ScramUsers.java <brokers> <users-file>
import java.io.FileReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class ScramUsers {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("usage: ScramUsers <brokers> <users-file>");
    Properties users = new Properties();
    try (FileReader reader = new FileReader(args[1])) {
      users.load(reader);
    }
    String admin = "admin";
    String adminPassword = users.getProperty(admin);
    if (adminPassword == null) throw new IllegalStateException(args[1] + " has no admin user");
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    config.put("security.protocol", "SASL_PLAINTEXT");
    config.put("sasl.mechanism", "SCRAM-SHA-512");
    config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + admin + "\" password=\"" + adminPassword + "\";");
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    for (String name : users.stringPropertyNames()) {
      if (name.equals(admin)) continue;
      upserts.add(new UserScramCredentialUpsertion(name,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), users.getProperty(name)));
    }
    try (Admin client = Admin.create(config)) {
      client.alterUserScramCredentials(upserts).all().get();
    }
    System.err.println("kafka: SCRAM-SHA-512 credentials set for " + upserts.size() + " users");
  }
}
