// Example (README "Testing with tkafka"): a Go test suite whose TestMain starts one tkafka broker as
// a subprocess (`tkafka broker start --foreground --ephemeral --port 0 --ready-file F`) and stops it
// after the tests; the test injects NOT_LEADER_OR_FOLLOWER on two Produce requests through the fault
// endpoint and checks that kafka-go's retries deliver every record exactly once, in order.
// TKAFKA_BIN overrides the command (default: tkafka on PATH).
package orders

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	kafka "github.com/segmentio/kafka-go"
)

type ready struct {
	Bootstrap string `json:"bootstrap"`
	Faults    string `json:"faults"`
}

var broker ready

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	tmp, err := ioutil.TempDir("", "tkafka-go-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	readyFile := filepath.Join(tmp, "ready.json")
	command := strings.Fields(os.Getenv("TKAFKA_BIN"))
	if len(command) == 0 {
		command = []string{"tkafka"}
	}
	args := append(command[1:], "broker", "start", "--foreground", "--ephemeral", "--port", "0",
		"--ready-file", readyFile, "--config", "fault.injection.port=0")
	cmd := exec.Command(command[0], args...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if data, err := ioutil.ReadFile(readyFile); err == nil {
			if err := json.Unmarshal(data, &broker); err != nil {
				panic(err)
			}
			break
		}
		if time.Now().After(deadline) {
			panic("tkafka did not get ready in 30 s")
		}
	}
	return m.Run()
}

func postFault(t *testing.T, body string) {
	res, err := http.Post(broker.Faults, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("fault endpoint answered %d", res.StatusCode)
	}
}

func TestProduceRecoversFromNotLeader(t *testing.T) {
	topic := fmt.Sprintf("orders-%d", time.Now().UnixNano())
	conn, err := kafka.Dial("tcp", broker.Bootstrap)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.CreateTopics(kafka.TopicConfig{Topic: topic, NumPartitions: 1, ReplicationFactor: 1}); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	postFault(t, fmt.Sprintf(`{"type":"error","api":"Produce","error":"NOT_LEADER_OR_FOLLOWER","count":2,"topics":[%q]}`, topic))
	w := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{broker.Bootstrap}, Topic: topic, BatchSize: 1, MaxAttempts: 10})
	want := []string{"o-1", "o-2", "o-3", "o-4", "o-5"}
	for _, v := range want {
		if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("k"), Value: []byte(v)}); err != nil {
			t.Fatalf("write %s: %v", v, err)
		}
	}
	w.Close()
	// Both injected errors were answered: the endpoint lists the fault with its two hits.
	var faults struct {
		Active []struct{ Hits []struct{ API string } }
		Past   []struct{ Hits []struct{ API string } }
	}
	res, err := http.Get(broker.Faults)
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(res.Body).Decode(&faults)
	res.Body.Close()
	if len(faults.Past) != 1 || len(faults.Past[0].Hits) != 2 || faults.Past[0].Hits[0].API != "Produce" {
		t.Fatalf("faults: %+v, want one used up with 2 Produce hits", faults)
	}

	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker.Bootstrap}, Topic: topic, Partition: 0, MinBytes: 1, MaxBytes: 1 << 20, MaxWait: 100 * time.Millisecond})
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, v := range want {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		if m.Offset != int64(i) || string(m.Value) != v {
			t.Fatalf("record %d: offset %d value %q, want offset %d value %q", i, m.Offset, m.Value, i, v)
		}
	}
	// Nothing after the five: no duplicate from a retry.
	short, cancelShort := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancelShort()
	if m, err := r.ReadMessage(short); err == nil {
		t.Fatalf("unexpected record at offset %d: %q", m.Offset, m.Value)
	}
}
