// A sarama 1.22.1 peer (Debian's golang-github-shopify-sarama-dev, built in GOPATH mode) that speaks
// the old protocol versions its Config.Version selects (sarama 1.22 sends no ApiVersions): a
// SyncProducer (acks=all, keyed, with the given codec), a partition consumer from the oldest offset
// (ListOffsets, Fetch), the offset manager (OffsetCommit/OffsetFetch v1) and, from 0.10.2 on, a
// consumer group. One JSON line per event on stdout.
// Usage: sarama122 <broker host:port> <topic> <group> <kafka version> <codec none|gzip|snappy|lz4>.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/Shopify/sarama"
)

type line struct {
	Phase     string `json:"phase"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key,omitempty"`
	Value     string `json:"value,omitempty"`
	TimeMs    int64  `json:"timeMs,omitempty"`
}

func emit(l line) {
	b, _ := json.Marshal(l)
	fmt.Println(string(b))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

// The records' own timestamps, which message format v1 and record batches keep.
var base = time.Unix(1_600_000_000, 0)

type handler struct {
	want int
	seen int
	done chan struct{}
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h *handler) ConsumeClaim(s sarama.ConsumerGroupSession, c sarama.ConsumerGroupClaim) error {
	for m := range c.Messages() {
		emit(line{Phase: "group", Partition: m.Partition, Offset: m.Offset, Key: string(m.Key), Value: string(m.Value)})
		s.MarkMessage(m, "")
		h.seen++
		if h.seen == h.want {
			close(h.done)
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 6 {
		fail("usage: sarama122 <broker> <topic> <group> <kafka version> <codec>")
	}
	broker, topic, group := os.Args[1], os.Args[2], os.Args[3]
	version, err := sarama.ParseKafkaVersion(os.Args[4])
	if err != nil {
		fail("version: %v", err)
	}
	codecs := map[string]sarama.CompressionCodec{"none": sarama.CompressionNone, "gzip": sarama.CompressionGZIP, "snappy": sarama.CompressionSnappy, "lz4": sarama.CompressionLZ4}
	cfg := sarama.NewConfig()
	cfg.Version = version
	cfg.ClientID = "tkafka-sarama122"
	cfg.Producer.RequiredAcks = sarama.WaitForAll
	cfg.Producer.Return.Successes = true
	cfg.Producer.Partitioner = sarama.NewManualPartitioner
	cfg.Producer.Compression = codecs[os.Args[5]]
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	cfg.Consumer.Return.Errors = true

	client, err := sarama.NewClient([]string{broker}, cfg)
	if err != nil {
		fail("client: %v", err)
	}
	producer, err := sarama.NewSyncProducerFromClient(client)
	if err != nil {
		fail("producer: %v", err)
	}
	// One batch of three: a compressed codec makes one wrapper message (v0/v1) or one batch.
	msgs := make([]*sarama.ProducerMessage, 3)
	for i := range msgs {
		msgs[i] = &sarama.ProducerMessage{Topic: topic, Partition: 0, Key: sarama.StringEncoder(fmt.Sprintf("k%d", i)), Value: sarama.StringEncoder(fmt.Sprintf("v%d", i)), Timestamp: base.Add(time.Duration(i) * time.Millisecond)}
	}
	if err := producer.SendMessages(msgs); err != nil {
		fail("produce: %v", err)
	}
	for _, m := range msgs {
		emit(line{Phase: "produce", Partition: m.Partition, Offset: m.Offset})
	}
	newest, err := client.GetOffset(topic, 0, sarama.OffsetNewest)
	if err != nil {
		fail("latest offset: %v", err)
	}
	emit(line{Phase: "latest", Partition: 0, Offset: newest})

	consumer, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		fail("consumer: %v", err)
	}
	pc, err := consumer.ConsumePartition(topic, 0, sarama.OffsetOldest)
	if err != nil {
		fail("consume partition: %v", err)
	}
	for i := 0; i < 3; i++ {
		select {
		case m := <-pc.Messages():
			ms := int64(0)
			if !m.Timestamp.IsZero() && m.Timestamp.Unix() > 0 {
				ms = m.Timestamp.UnixNano() / int64(time.Millisecond)
			}
			emit(line{Phase: "partition", Partition: m.Partition, Offset: m.Offset, Key: string(m.Key), Value: string(m.Value), TimeMs: ms})
		case err := <-pc.Errors():
			fail("consume: %v", err)
		case <-time.After(20 * time.Second):
			fail("consume: timed out after %d messages", i)
		}
	}
	_ = pc.Close()

	// The offset manager: commit 2, then a new manager reads it back.
	om, err := sarama.NewOffsetManagerFromClient(group+"-manual", client)
	if err != nil {
		fail("offset manager: %v", err)
	}
	pom, err := om.ManagePartition(topic, 0)
	if err != nil {
		fail("manage partition: %v", err)
	}
	pom.MarkOffset(2, "")
	_ = pom.Close()
	_ = om.Close()
	om2, err := sarama.NewOffsetManagerFromClient(group+"-manual", client)
	if err != nil {
		fail("offset manager: %v", err)
	}
	pom2, err := om2.ManagePartition(topic, 0)
	if err != nil {
		fail("manage partition: %v", err)
	}
	next, _ := pom2.NextOffset()
	emit(line{Phase: "committed", Partition: 0, Offset: next})
	_ = pom2.Close()
	_ = om2.Close()

	if version.IsAtLeast(sarama.V0_10_2_0) {
		cg, err := sarama.NewConsumerGroupFromClient(group, client)
		if err != nil {
			fail("consumer group: %v", err)
		}
		h := &handler{want: 3, done: make(chan struct{})}
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			for ctx.Err() == nil {
				if err := cg.Consume(ctx, []string{topic}, h); err != nil && ctx.Err() == nil {
					fail("group consume: %v", err)
				}
			}
		}()
		select {
		case <-h.done:
		case <-time.After(30 * time.Second):
			fail("group: timed out after %d messages", h.seen)
		}
		cancel()
		// Close commits the marked offsets before leaving the group.
		if err := cg.Close(); err != nil {
			fail("group close: %v", err)
		}
	}
	_ = producer.Close()
	_ = client.Close()
}
