# syntax=docker/dockerfile:1
# pinpoint-local: a small, non-root image that health-checks itself.

FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
# Build the dependencies once, against a stub crate, so source edits do not rebuild them.
COPY Cargo.toml Cargo.lock ./
# The manifest names the benchmark, so its file must be there for any build.
COPY benches ./benches
RUN mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked --bin pinpoint-local \
    && rm -rf src
COPY src ./src
# The dashboard's page, script and style are built into the binary.
COPY ui ./ui
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --bin pinpoint-local \
    && mkdir -p /data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /src/target/release/pinpoint-local /usr/local/bin/pinpoint-local
COPY --from=builder --chown=65532:65532 /data /data
# The demo audience the README starts with: `serve --fixtures /fixtures` loads it; a volume
# mounted at /fixtures replaces it.
COPY --chown=65532:65532 fixtures/demo /fixtures
# Inside a container the server must listen on every interface; outside, the binary keeps
# 127.0.0.1 as its default.
ENV PINPOINT_LOCAL_HOST=0.0.0.0 \
    PINPOINT_LOCAL_PORT=4590
USER 65532:65532
WORKDIR /data
EXPOSE 4590
HEALTHCHECK --interval=5s --timeout=3s --start-period=2s --retries=3 \
    CMD ["/usr/local/bin/pinpoint-local", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/pinpoint-local"]
CMD ["serve"]
