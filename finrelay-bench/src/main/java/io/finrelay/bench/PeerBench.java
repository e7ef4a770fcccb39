package io.finrelay.bench;

/** A peer workflow engine measured beside Finrelay in the same run, on the same PostgreSQL. */
interface PeerBench {
    /** One measurement of a peer: three-step workflows run to their end. */
    record Result(String peer, String configuration, int producers, long workflows, double seconds,
                  double rawCommitsPerSecond, double commitsPerWorkflow) {
        double workflowsPerSecond() {
            return workflows / seconds;
        }

        /** Workflows/s over the raw single-row commit rate of the same run. */
        double ratio() {
            return workflowsPerSecond() / rawCommitsPerSecond;
        }
    }

    String name();

    /** Runs the peer with {@code producers} starting workflows for the duration; {@code raw} is the limit measured before. */
    Result run(int producers, double raw) throws Exception;
}
