package com.custseg.connect;

import com.custseg.report.SqlShell;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.connect.service.SparkConnectService$;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkproject.connect.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import org.sparkproject.connect.grpc.Metadata;
import org.sparkproject.connect.grpc.ServerCall;
import org.sparkproject.connect.grpc.ServerCallHandler;
import org.sparkproject.connect.grpc.ServerInterceptor;
import org.sparkproject.connect.grpc.Status;
import org.sparkproject.connect.protobuf.Descriptors.FieldDescriptor;
import org.sparkproject.connect.protobuf.Message;
import scala.Option;

/**
 * Gives every Spark Connect session the views {@code sql.sh} has ({@link SqlShell#registerTables}: each output table
 * by its name and {@code latest_<table>}) before its first request runs. Spark Connect starts each client in a fresh
 * session of its own, without the temporary views of the server's, so the views are registered per session, once.
 *
 * <p>Also refuses artifact uploads (jars, classes: code the server would run) with PERMISSION_DENIED. Spark runs the
 * interceptors it is configured with before its own token check, so this one checks the token itself and leaves a
 * call without the right one alone, for Spark to refuse.
 */
public final class OutputViewsInterceptor implements ServerInterceptor {
  /** The Spark setting holding the output root the views are made over. */
  public static final String OUTPUT_KEY = "spark.custseg.sql.output";
  static final String TOKEN_KEY = "spark.connect.authenticate.token";
  private static final Logger LOG = LoggerFactory.getLogger(OutputViewsInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("Authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** Sessions that have their views; weak, so closed sessions are not kept. */
  private static final Set<SparkSession> PREPARED = Collections.synchronizedSet(
      Collections.newSetFromMap(new WeakHashMap<>()));

  private final String output;
  private final Optional<byte[]> expectedAuthorization;

  /** Spark creates the interceptor by its class name (spark.connect.grpc.interceptor.classes). */
  public OutputViewsInterceptor() {
    this.output = SparkEnv.get().conf().get(OUTPUT_KEY);
    this.expectedAuthorization = SparkEnv.get().conf().getOption(TOKEN_KEY).isDefined()
        ? Optional.of(("Bearer " + SparkEnv.get().conf().get(TOKEN_KEY)).getBytes(StandardCharsets.UTF_8))
        : Optional.empty();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!authorized(headers)) {
      return next.startCall(call, headers); // Spark's token check refuses it
    }
    String method = call.getMethodDescriptor().getBareMethodName();
    if ("AddArtifacts".equals(method)) {
      call.close(Status.PERMISSION_DENIED.withDescription("The segmentation SQL endpoint does not accept artifacts"
          + " (jars, classes, files): it runs SQL and DataFrame queries only."), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if ("ReleaseSession".equals(method)) {
      return next.startCall(call, headers);
    }
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean failed;

      @Override
      public void onMessage(Q message) {
        if (failed) {
          return;
        }
        try {
          if (message instanceof Message request) {
            prepareSession(request);
          }
        } catch (RuntimeException e) {
          // Spark's handler would answer without the views: tell the client why instead.
          LOG.error("cannot register the output tables over {} for a {} call", output, method, e);
          failed = true;
          call.close(Status.FAILED_PRECONDITION.withDescription("The segmentation SQL endpoint cannot register the"
              + " output tables over " + output + ": " + e.getMessage()), new Metadata());
          return;
        }
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        if (!failed) {
          super.onHalfClose();
        }
      }
    };
  }

  private boolean authorized(Metadata headers) {
    if (expectedAuthorization.isEmpty()) {
      return true;
    }
    String sent = headers.get(AUTHORIZATION);
    return sent != null && MessageDigest.isEqual(expectedAuthorization.get(), sent.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates the request's session as Spark's handler would, and registers its views the first time. */
  private void prepareSession(Message request) {
    Optional<String> sessionId = stringField(request, "session_id");
    Optional<Message> userContext = messageField(request, "user_context");
    if (sessionId.isEmpty() || userContext.isEmpty()) {
      return;
    }
    String userId = stringField(userContext.get(), "user_id").orElse("");
    SparkSession session;
    try {
      session = SparkConnectService$.MODULE$.getOrCreateIsolatedSession(userId, sessionId.get(), Option.empty())
          .session();
    } catch (RuntimeException e) {
      return; // e.g. a malformed or closed session id: Spark's handler answers it with its own error
    }
    synchronized (session) {
      if (!PREPARED.contains(session)) {
        long start = System.nanoTime();
        var views = SqlShell.registerTables(session, output);
        PREPARED.add(session);
        LOG.info("session {} of user '{}': {} views over {} in {} ms", sessionId.get(), userId, views.size(), output,
            (System.nanoTime() - start) / 1_000_000);
      }
    }
  }

  private static Optional<String> stringField(Message message, String name) {
    FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    return field == null ? Optional.empty() : Optional.of((String) message.getField(field)).filter(s -> !s.isEmpty());
  }

  private static Optional<Message> messageField(Message message, String name) {
    FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    return field == null || !message.hasField(field) ? Optional.empty() : Optional.of((Message) message.getField(field));
  }
}
