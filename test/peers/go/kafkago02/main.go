// A kafka-go 0.2 peer (Debian's golang-github-segmentio-kafka-go-dev, built in GOPATH mode): it
// writes with kafka.NewWriter (Produce v2, message format v1, optionally compressed) and reads back
// with kafka.NewReader, by partition (Fetch v2) and in a consumer group, printing one JSON line per
// message read. Usage: kafkago02 <broker host:port> <topic prefix>.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	kafka "github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/gzip"
	"github.com/segmentio/kafka-go/lz4"
	"github.com/segmentio/kafka-go/snappy"
)

type line struct {
	Phase     string `json:"phase"`
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key"`
	Value     string `json:"value"`
	TimeMs    int64  `json:"timeMs"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func emit(phase string, m kafka.Message) {
	out, _ := json.Marshal(line{phase, m.Topic, m.Partition, m.Offset, string(m.Key), string(m.Value), m.Time.UnixNano() / int64(time.Millisecond)})
	fmt.Println(string(out))
}

func readN(phase string, r *kafka.Reader, n int) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i := 0; i < n; i++ {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			fail("%s: read %d of %d: %v", phase, i, n, err)
		}
		emit(phase, m)
	}
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: kafkago02 <broker> <topic prefix>")
	}
	broker, prefix := os.Args[1], os.Args[2]
	codecs := []struct {
		name  string
		codec kafka.CompressionCodec
	}{{"none", nil}, {"gzip", gzip.NewCompressionCodec()}, {"snappy", snappy.NewCompressionCodec()}, {"lz4", lz4.NewCompressionCodec()}}
	base := time.Unix(1_600_000_000, 0)
	for _, c := range codecs {
		topic := prefix + "-" + c.name
		w := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{broker}, Topic: topic, Balancer: &kafka.LeastBytes{}, BatchSize: 3, BatchTimeout: 50 * time.Millisecond, CompressionCodec: c.codec})
		msgs := make([]kafka.Message, 3)
		for i := range msgs {
			msgs[i] = kafka.Message{Key: []byte(fmt.Sprintf("k%d", i)), Value: []byte(fmt.Sprintf("%s-%d", c.name, i)), Time: base.Add(time.Duration(i) * time.Millisecond)}
		}
		if err := w.WriteMessages(context.Background(), msgs...); err != nil {
			fail("write %s: %v", topic, err)
		}
		if err := w.Close(); err != nil {
			fail("close writer %s: %v", topic, err)
		}
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, Topic: topic, Partition: 0, MinBytes: 1, MaxBytes: 1 << 20, MaxWait: 100 * time.Millisecond})
		readN("partition", r, 3)
		r.Close()
	}
	g := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, GroupID: prefix + "-group", Topic: prefix + "-none", MinBytes: 1, MaxBytes: 1 << 20, MaxWait: 100 * time.Millisecond, CommitInterval: 0})
	readN("group", g, 3)
	if err := g.Close(); err != nil {
		fail("close group reader: %v", err)
	}
}
