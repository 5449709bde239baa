package org.sunlight.channel.wecom;

import java.time.Duration;

import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * The HTTP client WxJava uses for Sunlight: bounded timeouts (a slow WeChat must fail the attempt,
 * not hang the outbox worker) and no automatic retries (the outbox retries with backoff, and a
 * blind resend of a POST could post twice). WxJava's own builder is a process-wide singleton,
 * hence this one.
 */
final class WeChatHttp implements ApacheHttpClientBuilder {

    private final int timeoutMillis;

    WeChatHttp(Duration timeout) {
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public CloseableHttpClient build() {
        RequestConfig requests = RequestConfig.custom().setConnectTimeout(timeoutMillis)
                .setSocketTimeout(timeoutMillis).setConnectionRequestTimeout(timeoutMillis).build();
        return HttpClients.custom().setDefaultRequestConfig(requests).disableAutomaticRetries()
                .setMaxConnPerRoute(20).setMaxConnTotal(40).useSystemProperties().build();
    }

    @Override
    public ApacheHttpClientBuilder httpProxyHost(String httpProxyHost) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPort(int httpProxyPort) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyUsername(String httpProxyUsername) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpProxyPassword(String httpProxyPassword) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler httpRequestRetryHandler) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy keepAliveStrategy) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder sslConnectionSocketFactory(SSLConnectionSocketFactory sslConnectionSocketFactory) {
        return this;
    }

    @Override
    public ApacheHttpClientBuilder supportedProtocols(String[] supportedProtocols) {
        return this;
    }
}
