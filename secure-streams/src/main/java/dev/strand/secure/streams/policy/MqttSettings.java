package dev.strand.secure.streams.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT keys of a streamtype; topics and messages may use {@code ${meta}}. Immutable.
 *
 * @param topic        {@code mqtt_topic}: publish topic
 * @param subscribe    {@code mqtt_subscribe}: subscribe topic (wildcards allowed)
 * @param qos          {@code mqtt_qos}, 0..2
 * @param retain       {@code mqtt_retain}
 * @param keepAlive    {@code mqtt_keep_alive} in seconds
 * @param cleanStart   {@code mqtt_clean_start}
 * @param willTopic    {@code mqtt_will_topic}
 * @param willMessage  {@code mqtt_will_message}
 * @param willQos      {@code mqtt_will_qos}
 * @param willRetain   {@code mqtt_will_retain}
 * @param birthTopic   {@code mqtt_birth_topic}
 * @param birthMessage {@code mqtt_birth_message}
 * @param birthQos     {@code mqtt_birth_qos}
 * @param birthRetain  {@code mqtt_birth_retain}
 * @param awsIot       {@code aws_iot}: AWS IoT specifics
 */
public record MqttSettings(Optional<Template> topic, Optional<Template> subscribe, int qos, boolean retain,
                           int keepAlive, boolean cleanStart,
                           Optional<Template> willTopic, Optional<Template> willMessage, int willQos,
                           boolean willRetain,
                           Optional<Template> birthTopic, Optional<Template> birthMessage, int birthQos,
                           boolean birthRetain, boolean awsIot) {

    public MqttSettings {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscribe, "subscribe");
        Objects.requireNonNull(willTopic, "willTopic");
        Objects.requireNonNull(willMessage, "willMessage");
        Objects.requireNonNull(birthTopic, "birthTopic");
        Objects.requireNonNull(birthMessage, "birthMessage");
    }
}
