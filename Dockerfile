# odoo-mcp container image: a Rust builder stage, then distroless (no shell, non-root).
# Build:  docker build -t odoo-mcp .   (not built in CI: no OCI engine on the CI machines;
# the Dockerfile is linted by hadolint in .ci/run.)
# Run:    docker run --read-only -p 8787:8787 -e ODOO_URL=… -e ODOO_DB=… \
#           -e ODOO_API_KEY_FILE=/run/secrets/odoo_api_key -e MCP_AUTH_TOKEN_FILE=/run/secrets/mcp_token …

FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
COPY . .
# Production build: no simulator (cargo feature `demo` off), release profile from Cargo.toml.
RUN cargo build --release --locked -p odoo-mcp --bin odoo-mcp --no-default-features \
    && cp target/release/odoo-mcp /odoo-mcp

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /odoo-mcp /usr/local/bin/odoo-mcp
# 65532 is distroless's "nonroot" user.
USER 65532:65532
EXPOSE 8787
# No shell or curl in the image: the binary probes itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/odoo-mcp", "healthcheck", "--url", "http://127.0.0.1:8787/healthz"]
ENTRYPOINT ["/usr/local/bin/odoo-mcp"]
CMD ["serve", "--transport", "http", "--stateless", "--listen", "0.0.0.0:8787"]
