// Modern Go clients against a broker: segmentio/kafka-go (Writer/Reader), twmb/franz-go (kgo) and
// IBM/sarama (SyncProducer/ConsumerGroup). Usage:
//
//	modern <client> produce <bootstrap> <topic> <n> [from]   → {"produced":{...}} per message, then {"done":n}
//	modern <client> consume <bootstrap> <topic> <group> <n>  → {"record":{...}} per message, then {"done":n}
//
// client is kafkago, franz or sarama. Message i (from, from+1, ...; from defaults to 0) has key "key-<i%5>", value "<client>-<i>" and the
// headers source=<client>, idx=<i>. Consumers read n records in a group, commit, and leave.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/IBM/sarama"
	"github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kgo"
)

type header [2]string

type record struct {
	Topic     string   `json:"topic"`
	Partition int      `json:"partition"`
	Offset    int64    `json:"offset"`
	Key       string   `json:"key"`
	Value     string   `json:"value"`
	Headers   []header `json:"headers"`
}

var outMu sync.Mutex

func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	outMu.Lock()
	defer outMu.Unlock()
	fmt.Println(string(b))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func key(i int) string             { return fmt.Sprintf("key-%d", i%5) }
func value(c string, i int) string { return fmt.Sprintf("%s-%d", c, i) }

func main() {
	if len(os.Args) < 6 {
		fail("usage: modern <client> produce|consume <bootstrap> <topic> [group] <n>")
	}
	client, phase, bootstrap, topic := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	group, nArg, from := "", os.Args[5], 0
	if phase == "consume" {
		if len(os.Args) < 7 {
			fail("usage: modern <client> consume <bootstrap> <topic> <group> <n>")
		}
		group, nArg = os.Args[5], os.Args[6]
	} else if len(os.Args) > 6 {
		f, err := strconv.Atoi(os.Args[6])
		if err != nil {
			fail("bad from: %v", err)
		}
		from = f
	}
	n, err := strconv.Atoi(nArg)
	if err != nil {
		fail("bad n: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	switch client + " " + phase {
	case "kafkago produce":
		kafkagoProduce(ctx, bootstrap, topic, from, n)
	case "kafkago consume":
		kafkagoConsume(ctx, bootstrap, topic, group, n)
	case "franz produce":
		franzProduce(ctx, bootstrap, topic, from, n)
	case "franz consume":
		franzConsume(ctx, bootstrap, topic, group, n)
	case "sarama produce":
		saramaProduce(bootstrap, topic, from, n)
	case "sarama consume":
		saramaConsume(ctx, bootstrap, topic, group, n)
	default:
		fail("unknown %s %s", client, phase)
	}
	emit(map[string]int{"done": n})
}

// --- segmentio/kafka-go ---

func kafkagoProduce(ctx context.Context, bootstrap, topic string, from, n int) {
	var mu sync.Mutex
	var done []kafka.Message
	w := kafka.NewWriter(kafka.WriterConfig{
		Brokers:      []string{bootstrap},
		Topic:        topic,
		Balancer:     &kafka.Murmur2Balancer{},
		RequiredAcks: -1,
		BatchTimeout: 10 * time.Millisecond,
	})
	w.Completion = func(messages []kafka.Message, err error) {
		if err != nil {
			fail("kafka-go completion: %v", err)
		}
		mu.Lock()
		done = append(done, messages...)
		mu.Unlock()
	}
	msgs := make([]kafka.Message, n)
	for j := range msgs {
		i := from + j
		msgs[j] = kafka.Message{
			Key:     []byte(key(i)),
			Value:   []byte(value("kafkago", i)),
			Headers: []kafka.Header{{Key: "source", Value: []byte("kafkago")}, {Key: "idx", Value: []byte(strconv.Itoa(i))}},
		}
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		fail("kafka-go WriteMessages: %v", err)
	}
	if err := w.Close(); err != nil {
		fail("kafka-go Writer.Close: %v", err)
	}
	for _, m := range done {
		emit(map[string]any{"produced": toRecord(m.Topic, m.Partition, m.Offset, m.Key, m.Value, kafkagoHeaders(m.Headers))})
	}
}

func kafkagoHeaders(hs []kafka.Header) []header {
	out := []header{}
	for _, h := range hs {
		out = append(out, header{h.Key, string(h.Value)})
	}
	return out
}

func kafkagoConsume(ctx context.Context, bootstrap, topic, group string, n int) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        []string{bootstrap},
		Topic:          topic,
		GroupID:        group,
		StartOffset:    kafka.FirstOffset,
		MaxWait:        200 * time.Millisecond,
		CommitInterval: 0, // ReadMessage commits each message synchronously
	})
	for i := 0; i < n; i++ {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			fail("kafka-go ReadMessage: %v", err)
		}
		emit(map[string]any{"record": toRecord(m.Topic, m.Partition, m.Offset, m.Key, m.Value, kafkagoHeaders(m.Headers))})
	}
	if err := r.Close(); err != nil {
		fail("kafka-go Reader.Close: %v", err)
	}
}

// --- twmb/franz-go ---

func franzHeaders(hs []kgo.RecordHeader) []header {
	out := []header{}
	for _, h := range hs {
		out = append(out, header{h.Key, string(h.Value)})
	}
	return out
}

func franzProduce(ctx context.Context, bootstrap, topic string, from, n int) {
	// Idempotent writes are kgo's default; RequiredAcks(AllISRAcks) is required for them.
	cl, err := kgo.NewClient(kgo.SeedBrokers(bootstrap), kgo.DefaultProduceTopic(topic), kgo.RequiredAcks(kgo.AllISRAcks()), kgo.ProducerLinger(5*time.Millisecond))
	if err != nil {
		fail("kgo.NewClient: %v", err)
	}
	defer cl.Close()
	recs := make([]*kgo.Record, n)
	for j := range recs {
		i := from + j
		recs[j] = &kgo.Record{
			Key:     []byte(key(i)),
			Value:   []byte(value("franz", i)),
			Headers: []kgo.RecordHeader{{Key: "source", Value: []byte("franz")}, {Key: "idx", Value: []byte(strconv.Itoa(i))}},
		}
	}
	res := cl.ProduceSync(ctx, recs...)
	if err := res.FirstErr(); err != nil {
		fail("kgo ProduceSync: %v", err)
	}
	for _, r := range res {
		rec := toRecord(r.Record.Topic, int(r.Record.Partition), r.Record.Offset, r.Record.Key, r.Record.Value, franzHeaders(r.Record.Headers))
		emit(map[string]any{"produced": rec, "producerId": r.Record.ProducerID, "producerEpoch": r.Record.ProducerEpoch})
	}
}

func franzConsume(ctx context.Context, bootstrap, topic, group string, n int) {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(bootstrap),
		kgo.ConsumerGroup(group),
		kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.DisableAutoCommit(),
		kgo.FetchMaxWait(200*time.Millisecond),
	)
	if err != nil {
		fail("kgo.NewClient: %v", err)
	}
	got := 0
	for got < n {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			fail("kgo PollFetches: timed out after %d records", got)
		}
		fs.EachError(func(t string, p int32, err error) { fail("kgo fetch %s/%d: %v", t, p, err) })
		fs.EachRecord(func(r *kgo.Record) {
			got++
			emit(map[string]any{"record": toRecord(r.Topic, int(r.Partition), r.Offset, r.Key, r.Value, franzHeaders(r.Headers))})
		})
	}
	if err := cl.CommitUncommittedOffsets(ctx); err != nil {
		fail("kgo CommitUncommittedOffsets: %v", err)
	}
	cl.LeaveGroup()
	cl.Close()
}

// --- IBM/sarama ---

func saramaConfig() *sarama.Config {
	c := sarama.NewConfig()
	c.Version = sarama.V4_0_0_0
	c.ClientID = "tkafka-sarama-peer"
	c.Producer.RequiredAcks = sarama.WaitForAll
	c.Producer.Return.Successes = true
	c.Consumer.Offsets.Initial = sarama.OffsetOldest
	c.Consumer.Offsets.AutoCommit.Enable = false
	c.Consumer.MaxWaitTime = 200 * time.Millisecond
	return c
}

func saramaProduce(bootstrap, topic string, from, n int) {
	p, err := sarama.NewSyncProducer([]string{bootstrap}, saramaConfig())
	if err != nil {
		fail("sarama.NewSyncProducer: %v", err)
	}
	for i := from; i < from+n; i++ {
		m := &sarama.ProducerMessage{
			Topic:   topic,
			Key:     sarama.StringEncoder(key(i)),
			Value:   sarama.StringEncoder(value("sarama", i)),
			Headers: []sarama.RecordHeader{{Key: []byte("source"), Value: []byte("sarama")}, {Key: []byte("idx"), Value: []byte(strconv.Itoa(i))}},
		}
		part, off, err := p.SendMessage(m)
		if err != nil {
			fail("sarama SendMessage: %v", err)
		}
		emit(map[string]any{"produced": record{Topic: topic, Partition: int(part), Offset: off, Key: key(i), Value: value("sarama", i), Headers: []header{{"source", "sarama"}, {"idx", strconv.Itoa(i)}}}})
	}
	if err := p.Close(); err != nil {
		fail("sarama SyncProducer.Close: %v", err)
	}
}

type saramaHandler struct {
	mu     sync.Mutex
	got    int
	n      int
	cancel context.CancelFunc
}

func (h *saramaHandler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *saramaHandler) Cleanup(sarama.ConsumerGroupSession) error { return nil }
func (h *saramaHandler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case m, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			hs := []header{}
			for _, rh := range m.Headers {
				hs = append(hs, header{string(rh.Key), string(rh.Value)})
			}
			h.mu.Lock()
			if h.got >= h.n {
				h.mu.Unlock()
				return nil
			}
			h.got++
			emit(map[string]any{"record": toRecord(m.Topic, int(m.Partition), m.Offset, m.Key, m.Value, hs)})
			sess.MarkMessage(m, "")
			sess.Commit()
			if h.got == h.n {
				h.cancel()
			}
			h.mu.Unlock()
		case <-sess.Context().Done():
			return nil
		}
	}
}

func saramaConsume(ctx context.Context, bootstrap, topic, group string, n int) {
	cg, err := sarama.NewConsumerGroup([]string{bootstrap}, group, saramaConfig())
	if err != nil {
		fail("sarama.NewConsumerGroup: %v", err)
	}
	go func() {
		for err := range cg.Errors() {
			fail("sarama consumer group: %v", err)
		}
	}()
	cctx, cancel := context.WithCancel(ctx)
	h := &saramaHandler{n: n, cancel: cancel}
	for cctx.Err() == nil {
		if err := cg.Consume(cctx, []string{topic}, h); err != nil {
			fail("sarama Consume: %v", err)
		}
	}
	if ctx.Err() != nil {
		fail("sarama: timed out after %d records", h.got)
	}
	if err := cg.Close(); err != nil {
		fail("sarama ConsumerGroup.Close: %v", err)
	}
}

func toRecord(topic string, partition int, offset int64, k, v []byte, hs []header) record {
	return record{Topic: topic, Partition: partition, Offset: offset, Key: string(k), Value: string(v), Headers: hs}
}
