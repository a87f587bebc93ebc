/*
 * librdkafka's mock cluster as a standalone process, for tkafka's reference tests.
 *
 *   mock_cluster [BROKERS] [TOPIC:PARTITIONS[:RF]]...
 *
 * Creates a mock cluster of BROKERS brokers (default 3, ids 1..BROKERS), creates the given topics
 * (rd_kafka_mock_topic_create; RF defaults to 1; partition p led by broker p % BROKERS + 1), prints the bootstrap servers as one line on
 * stdout, and runs until stdin reaches EOF or the process gets SIGTERM/SIGINT.
 * Diagnostics go to stderr; exit code 0 on a clean stop, 1 on a setup failure, 2 on bad arguments.
 *
 * Built by test/reference/mock-cluster.ts: gcc mock_cluster.c $(pkg-config --cflags --libs rdkafka)
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static int parse_int(const char *s, int min, int max, int *out) {
        char *end;
        long v;
        errno = 0;
        v     = strtol(s, &end, 10);
        if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
                return -1;
        *out = (int)v;
        return 0;
}

int main(int argc, char **argv) {
        char errstr[512];
        int brokers = 3;
        int argi    = 1;
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;
        struct sigaction sa;

        if (argi < argc && strchr(argv[argi], ':') == NULL) {
                if (parse_int(argv[argi], 1, 64, &brokers) != 0) {
                        fprintf(stderr, "mock_cluster: bad broker count '%s' (1-64)\n", argv[argi]);
                        return 2;
                }
                argi++;
        }

        /* The mock cluster needs an rd_kafka_t for its bookkeeping; a producer handle is enough. */
        conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "mock_cluster: %s\n", errstr);
                return 1;
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (rk == NULL) {
                fprintf(stderr, "mock_cluster: rd_kafka_new: %s\n", errstr);
                return 1;
        }

        mcluster = rd_kafka_mock_cluster_new(rk, brokers);
        if (mcluster == NULL) {
                fprintf(stderr, "mock_cluster: rd_kafka_mock_cluster_new failed\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (; argi < argc; argi++) {
                char spec[512];
                char *topic, *parts, *rf;
                int partition_cnt, replication_factor = 1;
                rd_kafka_resp_err_t err;

                if (strlen(argv[argi]) >= sizeof(spec)) {
                        fprintf(stderr, "mock_cluster: topic spec too long\n");
                        return 2;
                }
                strcpy(spec, argv[argi]);
                topic = spec;
                parts = strchr(spec, ':');
                if (parts == NULL) {
                        fprintf(stderr, "mock_cluster: bad topic spec '%s' (TOPIC:PARTITIONS[:RF])\n", argv[argi]);
                        return 2;
                }
                *parts++ = '\0';
                rf       = strchr(parts, ':');
                if (rf != NULL)
                        *rf++ = '\0';
                if (*topic == '\0' || parse_int(parts, 1, 10000, &partition_cnt) != 0 ||
                    (rf != NULL && parse_int(rf, 1, brokers, &replication_factor) != 0)) {
                        fprintf(stderr, "mock_cluster: bad topic spec '%s' (TOPIC:PARTITIONS[:RF], RF <= %d)\n", argv[argi], brokers);
                        return 2;
                }
                err = rd_kafka_mock_topic_create(mcluster, topic, partition_cnt, replication_factor);
                if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                        fprintf(stderr, "mock_cluster: cannot create topic %s: %s\n", topic, rd_kafka_err2str(err));
                        return 1;
                }
                /* Deterministic leaders (the mock picks them at random): partition p on broker p % n + 1. */
                for (int p = 0; p < partition_cnt; p++) {
                        err = rd_kafka_mock_partition_set_leader(mcluster, topic, p, p % brokers + 1);
                        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                                fprintf(stderr, "mock_cluster: cannot set the leader of %s-%d: %s\n", topic, p, rd_kafka_err2str(err));
                                return 1;
                        }
                }
        }

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mcluster));
        fflush(stdout);

        /* Run until stdin closes (the parent went away) or a signal arrives. */
        while (!stop_requested) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                int r             = poll(&pfd, 1, 200);
                if (r < 0 && errno != EINTR)
                        break;
                if (r > 0) {
                        char buf[256];
                        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
                        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                                break; /* EOF or error: stop */
                }
        }

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        return 0;
}
