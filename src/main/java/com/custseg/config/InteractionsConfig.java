package com.custseg.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The optional interactions source (segmentation.input.interactions): one row per contact with a customer. Channels
 * are compared lower-case and trimmed; an alias maps a spelling of the source to a channel; every channel belongs to
 * exactly one group (online or offline), and a channel in no group is rejected as UNKNOWN_CHANNEL.
 *
 * @param source where the rows come from and how the fields customer_id, interaction_time, channel, type and
 *     duration map to its columns
 * @param channelAliases spelling in the source (lower case) to channel
 * @param onlineChannels channels of the online group
 * @param offlineChannels channels of the offline group
 */
public record InteractionsConfig(SourceConfig source, Map<String, String> channelAliases, Set<String> onlineChannels,
    Set<String> offlineChannels) {
  public static final String KEY = "segmentation.input.interactions";
  public static final String CHANNEL_ALIASES = KEY + ".channel-aliases";
  public static final String ONLINE = KEY + ".channel-groups.online";
  public static final String OFFLINE = KEY + ".channel-groups.offline";
  /** Logical fields of the source. */
  public static final String CUSTOMER_ID = "customer_id";
  public static final String TIME = "interaction_time";
  public static final String CHANNEL = "channel";
  public static final String TYPE = "type";
  public static final String DURATION = "duration";

  public InteractionsConfig {
    source.requireColumns(CUSTOMER_ID, TIME, CHANNEL);
    onlineChannels = normalised(onlineChannels);
    offlineChannels = normalised(offlineChannels);
    if (onlineChannels.isEmpty() && offlineChannels.isEmpty()) {
      throw new ConfigException(KEY + ".channel-groups must name at least one channel");
    }
    for (String channel : onlineChannels) {
      if (offlineChannels.contains(channel)) {
        throw new ConfigException(KEY + ".channel-groups: channel " + channel + " is both online and offline");
      }
    }
    TreeMap<String, String> aliases = new TreeMap<>();
    for (var e : channelAliases.entrySet()) {
      String target = e.getValue().trim().toLowerCase(Locale.ROOT);
      if (!onlineChannels.contains(target) && !offlineChannels.contains(target)) {
        throw new ConfigException(CHANNEL_ALIASES + "." + e.getKey() + " maps to " + target
            + ", which is in no channel group (" + ONLINE + ", " + OFFLINE + ")");
      }
      aliases.put(e.getKey().trim().toLowerCase(Locale.ROOT), target);
    }
    channelAliases = java.util.Collections.unmodifiableSortedMap(aliases);
  }

  private static Set<String> normalised(Set<String> channels) {
    Set<String> out = new TreeSet<>();
    channels.forEach(c -> out.add(c.trim().toLowerCase(Locale.ROOT)));
    return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(out));
  }
}
