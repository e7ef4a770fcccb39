# The Finrelay server image: built from this repository in a JDK stage, run on a JRE as a non-root user.
#   docker build -t finrelay-server:0.1.0-SNAPSHOT .
# Run it against an external PostgreSQL (see deploy/kubernetes/finrelay.yaml for every variable a
# replica needs); without FINRELAY_DB_URL it starts its embedded PostgreSQL under FINRELAY_DATA_DIR.
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package -pl finrelay-server -am

FROM eclipse-temurin:25-jre
RUN groupadd --system finrelay \
 && useradd --system --gid finrelay --home-dir /var/lib/finrelay --shell /usr/sbin/nologin finrelay \
 && mkdir -p /var/lib/finrelay \
 && chown finrelay:finrelay /var/lib/finrelay
COPY --from=build /src/finrelay-server/target/finrelay-server-exec.jar /opt/finrelay/finrelay-server.jar
USER finrelay
ENV FINRELAY_DATA_DIR=/var/lib/finrelay/postgres
EXPOSE 8080
EXPOSE 9464
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/finrelay/finrelay-server.jar"]
