package org.sunlight.channel.mp;


import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;
import org.sunlight.channel.wecom.WeChatConfig;

/**
 * The Official Account API through WxJava, pointed at {@code mp-api-base-url} (WxMpHostConfig),
 * with WxJava's in-thread retry loop off (the outbox retries) and bounded timeouts.
 */
public final class MpApi {

    private MpApi() {
    }

    public static WxMpService create(WeChatConfig config) {
        WxMpDefaultConfigImpl storage = new WxMpDefaultConfigImpl();
        storage.setAppId(config.mpAppId());
        storage.setSecret(config.mpSecret());
        storage.setHostConfig(new WxMpHostConfig(config.mpBaseUrl(), config.mpBaseUrl(), config.mpBaseUrl()));
        storage.setApacheHttpClientBuilder(config.httpClientBuilder());
        WxMpServiceImpl service = new NoRetryMpService();
        service.setWxMpConfigStorage(storage);
        return service;
    }


    /** WxMpServiceImpl without the in-thread retry loop. */
    private static final class NoRetryMpService extends WxMpServiceImpl {
        @Override
        public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
            return executeInternal(executor, uri, data, false);
        }
    }
}
