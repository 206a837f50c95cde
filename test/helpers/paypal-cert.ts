// PayPal's webhook signing, played by a test: self-signed certificates (generated once with
// openssl, valid 2000–2100, with subjectAltName 127.0.0.1/localhost so the same certificate also
// serves TLS), an HTTPS server that serves them at PayPal-shaped certificate URLs, and
// signPaypalDelivery, which signs a body the way PayPal does. The verifier accepts this server
// only through the `certSource` passed in code (its host and its CA), never by configuration.
//
//   const certs = await startPaypalCertServer();
//   const t = await buildTestApp(store, { paypalCertSource: certs.certSource });
//   const headers = signPaypalDelivery(body, { webhookId: 'WH0TEST' });   // signed by the default cert
//   await t.app.inject({ method: 'POST', url: `/webhooks/paypal/${sourceId}`, payload: body, headers });
import { createServer } from 'node:https';
import { createSign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { PaypalCertSource } from '../../src/ingest/paypal/cert-cache.js';
import { paypalSignedMessage } from '../../src/ingest/paypal/verify-signature.js';

const PAYPAL_CERT = `-----BEGIN CERTIFICATE-----
MIIDKTCCAhGgAwIBAgIBATANBgkqhkiG9w0BAQsFADAvMS0wKwYDVQQDDCRtZXNz
YWdldmVyaWZpY2F0aW9uY2VydHMucGF5cGFsLnRlc3QwIBcNMDAwMTAxMDAwMDAw
WhgPMjEwMDAxMDEwMDAwMDBaMC8xLTArBgNVBAMMJG1lc3NhZ2V2ZXJpZmljYXRp
b25jZXJ0cy5wYXlwYWwudGVzdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoC
ggEBAJJgXNPR0oazUn/L9xaVi4t3oLdJd0VwOKHyHACtQTj8DQ9i+Ywhjqd+peJd
qDY/TpxZ8NClJkhbS9Of1r+ghTFZc8PRL6VrEFi5g5nhFit93kCfCwYHDytWeMBT
T3ZrPB6n0skj3uNHN/ISXiO852Aq4BBsCMste4hKlF+FqJG7i13bXoCySryzn8xR
Y5HWOgCGsVVwu9UZPxkDA5ZmNfEE/+EHSScF/ICBqiJUD3vCljSARBL9WPjYnrMx
3Td/SpLfFwu65Ur1kh5IvVbUmrEr11fBWfQerhyMBszB9AhUxG9DA4VjCbdCrZnt
rbD9k0aIG7KTQsXujr7bPNjCgm0CAwEAAaNOMEwwDwYDVR0TAQH/BAUwAwEB/zAa
BgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwHQYDVR0OBBYEFLLsXtja9aBEsMOW
1y+eyaBbT8JRMA0GCSqGSIb3DQEBCwUAA4IBAQCGK5i3ROHOzc5JsMxAQRJZkUiH
FsrFX4v1vAdAdWDf+BUO4G/pGLfBiIFuAuOCU3zGme9wLUMuoVhmN+htgez94F9z
02qS6FwtcThwZ06diBY4IuVwTef9U0yYio0Et8vbuuE+1FjI97dLuSqaNWsOKKcy
A7d04Yi5JJqoZVlJAOPGOeZaHqe9ZgQnJ+O4whDD8nJBTLYkyXggVkynMu5lf4Zn
23tcGlsYY3nlnjPymK3W386kY1vTYAhBcPhNrLmp5JretwAk2zkdQGsI872cWgiQ
EGnne/LwscO2ZF8jU5hD5F1bQ9bueq0y0OOqAh1sd1h46NxmHAyOXAJ1TtkM
-----END CERTIFICATE-----`;
const PAYPAL_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCSYFzT0dKGs1J/
y/cWlYuLd6C3SXdFcDih8hwArUE4/A0PYvmMIY6nfqXiXag2P06cWfDQpSZIW0vT
n9a/oIUxWXPD0S+laxBYuYOZ4RYrfd5AnwsGBw8rVnjAU092azwep9LJI97jRzfy
El4jvOdgKuAQbAjLLXuISpRfhaiRu4td216Askq8s5/MUWOR1joAhrFVcLvVGT8Z
AwOWZjXxBP/hB0knBfyAgaoiVA97wpY0gEQS/Vj42J6zMd03f0qS3xcLuuVK9ZIe
SL1W1JqxK9dXwVn0Hq4cjAbMwfQIVMRvQwOFYwm3Qq2Z7a2w/ZNGiBuyk0LF7o6+
2zzYwoJtAgMBAAECggEADw7mvcu6Eq1j8U20T5h20JQv7msaYARZbx+PDerE6O3V
Eh4meeoB2O1Id28XHO2KUr9V7MDwnUT3GgA5gWEsEpWXOS/N7QCEn/wFs9DaDQNX
1+IEqkwTnWu55F8tr4r8llLBdnvANDVhZf/Ju3d1fgkrH8Vdajl1meHCPclsPAGd
Q1Sh/UCwzYjCb54dJexd5TklVNexRAPfflAmLYBhIoh2fMenB1Bs7Ry3IA8diliv
pYaaHW+AMUodYexTSziqel7Qpy8yf9NJPN9Zls2qxtNvpbfNMywt2R597f8Hpp+K
88lbdveLmoo0dwuIXJyFICaEKxUBjJZ2H1BOiwqa6QKBgQDMeiaxuHwVa7zOse3X
9xcDq8sBJfUp7a+96xkH5777BkP+LaEXO0iJfD/qwyStl0pld6ZxpHgFZFpfO81K
uNSZZy1vzmOHc72uoMea5sGhq+SrLZnTdfpcaIlsRAFOMBabkMxEY0O3f+JAMCJW
dMB5phMmVoteZ0t0cLScIOXH8wKBgQC3QmjCRykk539chJxSHXYWTJFeF7/9S/3p
5WcxT3oYtWHQEEVRx5zJABf4c2BhTiwFXeoC4ZZaAU5hB/9LqIMjRZ3yCth6z8i+
zeeQBBzv440/tr5jERzp/kS1jQt2xh+SOc9mMWybuYxcDRHC6lcBmowIXDbM19cF
IEQF0lKEHwKBgQCmEp/SwC+nhjV2+vRd74V1qdXbPOT+BNozufo+fW6TmucmThEE
OVYUtCGFnrDvfG0kNCWvLxF776Gmr39xLOUfIrm4kTwtC0gHyPXVTY3+rQmwLf09
zhhlbVIP6LvWsR/rgZMmCCk7pFYyI+X/qhuZsdTj0m6nYeXa0J8gH2gBGQKBgGfR
OFWvSJC+kLlR6tjeFdLGJ6gdXkdZsIu7yPz3YFz1DGd5gDu3EIwSAIJgol4dkfSs
YnClaa6thMCVbjxnR3tI6hR/rmnMopXtQdylZ9tClvdcSHkI7c9lm3kaYT81OBd3
ppXnM/b4Y5qWUNSSOx4OdnwZ+XWMZSRjRgXiQ5rTAoGAZ2Bmg0iV6ud04ycWQ+sG
eRxJ4Gh4Idyn5KOWGShnJ5nLCSOhJu/xG39/65uann0HNeP0wUJ0EzZT2eO0hNhe
WRF1BbeQa1exGBUoJNR0yGexaINeDKg9fsBeKeN5Fsp/R4HexrFJCRx9hsyjIaTP
/7yyYVl6RG5LKZcY9ij5YTQ=
-----END PRIVATE KEY-----`;

const OTHER_CERT = `-----BEGIN CERTIFICATE-----
MIIDJzCCAg+gAwIBAgIBAjANBgkqhkiG9w0BAQsFADAuMSwwKgYDVQQDDCNtZXNz
YWdldmVyaWZpY2F0aW9uY2VydHMub3RoZXIudGVzdDAgFw0wMDAxMDEwMDAwMDBa
GA8yMTAwMDEwMTAwMDAwMFowLjEsMCoGA1UEAwwjbWVzc2FnZXZlcmlmaWNhdGlv
bmNlcnRzLm90aGVyLnRlc3QwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIB
AQCyPLm59pMgoLajA6k8KWttDRr/HTrgcxqizKz1Dspvyg3PrPTQu0tF/R99566H
vQ0sHQHSlajHxpoX8XwRRmfYPYIELi683GcoByd8zlcnI0jQzrRSnp6+gT0ayyac
X/5aoIITZlRNoWXj7msTK3ok3zvG8TxgWurZYE6i3YSFI/Drr1aJ3BhsNlvcUzXo
RjMwfZgGCGcfu4YZDLxb4+Gp0sgoV986ZdOo0buTk1YahA2cwcb0Ji/sRSXP31ec
Aa05Kr4D/WozIfK6JBi0kKRAPFE3Ogqbf3RuHdyaNDSLT2+sHuhyO+rNaOlH3aN/
q890dfslb205XB+tdlrQ2OlXAgMBAAGjTjBMMA8GA1UdEwEB/wQFMAMBAf8wGgYD
VR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MB0GA1UdDgQWBBRcDLKW3lByJILzSYPZ
waXollh10zANBgkqhkiG9w0BAQsFAAOCAQEAeT9In6pivyQ/RKIs/jGT9jxc6x34
EvTohG9aGYgVHJT9WKtwDh5iONN0sbfwRXldvqAlbp1610KtGMuv5jWcF91ROLvt
tCGq+NOqVb2TPgJbOIaARqRDSYrnRpm/Lq2fKXh7t792z2xKvcwxwF3A3wmdfopU
ZrYuBht6pnxrPV3I7tnbhT2tzwnhGlu9iYxE1Vu+URPJSk6K30JWNiLQPozWWDzg
7oLlCUXRjRgYOhtgmU1A+fe6lQJxIo8F5m5av72k7EL5PIVTcHJaC0h+p+W1LfyG
Q/YSNJKja8SmojDCAbZxKsEXXZVjgYLaKf5CUUMibbRjqfZdzWVUm5C1mg==
-----END CERTIFICATE-----`;
const OTHER_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCyPLm59pMgoLaj
A6k8KWttDRr/HTrgcxqizKz1Dspvyg3PrPTQu0tF/R99566HvQ0sHQHSlajHxpoX
8XwRRmfYPYIELi683GcoByd8zlcnI0jQzrRSnp6+gT0ayyacX/5aoIITZlRNoWXj
7msTK3ok3zvG8TxgWurZYE6i3YSFI/Drr1aJ3BhsNlvcUzXoRjMwfZgGCGcfu4YZ
DLxb4+Gp0sgoV986ZdOo0buTk1YahA2cwcb0Ji/sRSXP31ecAa05Kr4D/WozIfK6
JBi0kKRAPFE3Ogqbf3RuHdyaNDSLT2+sHuhyO+rNaOlH3aN/q890dfslb205XB+t
dlrQ2OlXAgMBAAECggEACeCzqkqv/K7rcD1Ts7HX8kM3q8vC5415fGw7aZlYPrnD
6i57otW+ZjKQ/DlKwtsHT9qLr0/7+pZXE9yeM5bjSmieO/0TOgQ880ryNUh6LAEY
l/ncpHeF9KjU6hc4HJJ1VjBvBQQ2x9aZ/vfHl1hhfImilnPoFK71NPbRZNVB8t7j
UhWuXZIhp/dwX244eekMsIIbMWKarmxM+GX8v/ys1V97WNhJ5iY8EffjxxdXVtF9
GYE6sr8vX2713gd9yr+c9nomiO67Y5DwX2Bo6wNjg/3NIDMbrB0ozWUwebg4UcLr
Arx68aNcDPRiDLsSRSD9eIN5lEqdymxg/l5nP9lBAQKBgQDjcYEQXXnkTQbboEkt
zwjnI2zknKwBSlLJR1e4gPLA4ALpDlDPuIXzU4XuZLBNSwTD/uKB4cGIr2cEt0j4
HatUqDQpfuLRL0pzpqxjgmbugVnS8pMvbWakrLU1+e44f/yMuFZrn4OKYWc0XbOb
1tRmyjSLSLJc+IFd0JOfHEzI/wKBgQDInaJmpiVcAlnEixTAeh5h7rNmem64FlOi
jLSm9Vf6TOQey/TSt/9MBPJN0aCbjFZpi/IlNumUKdA4/bUd7Qo+Mtu5hLuP1Lwn
Fsu0ZAtdQr0y2X+s/zyNmhQ4LuKZOeW4062VxC3TbjtK08/hTUN9bCmbTBcjEeZb
m4S71BbHqQKBgGNFvnyjIDnauPyRqH87F3qzhqr+C0GA7EN4RTx94/b1j6+jlPgl
ZSoAsbuM7Tq/XLQjg0AHho6faIqxaUMKyCZqSGI4RM3jI075V9MTLtQ5VzhwsneH
+74yt+F4VlcI3fWZ2/abqDF1NDOyFlwV152J8oc80sUrnmORT22qT4WHAoGAcHcO
iAU0hHQ85tYheBX92mD66cRRNZouoL3IuKBqBcP9TtaAFXFZCcDsJXwTUaBHATyX
Lw2tvIYEWS7BzlkImP3h+ArVKzjTkgZRhHthc5LqhgswbEdaJvftxeFi3wt6ITdp
5L/qANGXI8fCjkfGQhXU7V6myd5LCagRrUqkyqECgYEA16UR69eVGWhT+HJElym3
L6myqWRw5QjopE0rYGtyPzpW/EQLl08gtmSzQB3lRyQHmg8L0QWmtutWi0b84Wex
YZGlPZwgeKwLa9NIUl2nCrjlOBKIKi6OhR6NDHoeSi+/cguJSHKyHKJ+XXaTH2vP
xsnKLAdnJ6SL014ajmDFKXw=
-----END PRIVATE KEY-----`;

const EXPIRED_CERT = `-----BEGIN CERTIFICATE-----
MIIDKTCCAhGgAwIBAgIBAzANBgkqhkiG9w0BAQsFADAwMS4wLAYDVQQDDCVtZXNz
YWdldmVyaWZpY2F0aW9uY2VydHMuZXhwaXJlZC50ZXN0MB4XDTAwMDEwMTAwMDAw
MFoXDTAxMDEwMTAwMDAwMFowMDEuMCwGA1UEAwwlbWVzc2FnZXZlcmlmaWNhdGlv
bmNlcnRzLmV4cGlyZWQudGVzdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoC
ggEBAItuuHq8NLzIXLIYh5/TB4GlZpcr6jq+13KxKDBZ65j3xF760fGwcws1fMUX
07/vibd3ZkdF9rHQueAeq2zRgzZ4kXmWI/u2kpje6Mq2T1jxigvRF4mE1Qi8admh
Ps5K4eWfp4dImgci3V5GitOHTkBiA1SDut3hdkmWydKUxLBvvbF6pQ963zmlDx8V
9ySn3KwTNeXQAdoukEPEdd7U7VAabK/DxakA6cCDmt1iSubWuBsFsoZ9yd5R1JyY
yKjv55xHAKqdw8E0I2ogeOEdo4Ilf4FRDKQTTKVDKKpljODUsR0qCQWloWbkCtvJ
OB4hGfccgEstryzIbKxiQylPnKMCAwEAAaNOMEwwDwYDVR0TAQH/BAUwAwEB/zAa
BgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwHQYDVR0OBBYEFG1bBTkO1eW36U+1
htBH77IM6dFbMA0GCSqGSIb3DQEBCwUAA4IBAQAvVYEjJ4dnlI08WjUR8yVxtoie
2IHByar4iMXINufn8EREq/gXZQpqIsO3NE2IakTgJHIKO1aeJC/qGvdUq3TBMUc/
pJfOFB7/uyZX4eSgK2qVZJjYM7U7WD9odeogKSOangCJUnKqyGIZ68wxx87ILLcs
GHfT4wGTtntzW2EQId4dWRbni1pLmKJ8cA12XjosDqgKZHMyvTnsPy8F03oCuFan
mc+W/Phc0DgXwPs2fv3ijMyq9evnqqOUfuGaOryjnwEq3fsQXaCcICIur2XC7LIo
cyAjgOypKAIm/QO3UZYCjbI4q3f+MiDVdz96y5Z2c14K1Lk5+gUGJ9s4DujO
-----END CERTIFICATE-----`;
const EXPIRED_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCLbrh6vDS8yFyy
GIef0weBpWaXK+o6vtdysSgwWeuY98Re+tHxsHMLNXzFF9O/74m3d2ZHRfax0Lng
Hqts0YM2eJF5liP7tpKY3ujKtk9Y8YoL0ReJhNUIvGnZoT7OSuHln6eHSJoHIt1e
RorTh05AYgNUg7rd4XZJlsnSlMSwb72xeqUPet85pQ8fFfckp9ysEzXl0AHaLpBD
xHXe1O1QGmyvw8WpAOnAg5rdYkrm1rgbBbKGfcneUdScmMio7+ecRwCqncPBNCNq
IHjhHaOCJX+BUQykE0ylQyiqZYzg1LEdKgkFpaFm5ArbyTgeIRn3HIBLLa8syGys
YkMpT5yjAgMBAAECggEAC6LfMnRSfQ7GQvaucDV5rZAoJ6WP6VHT7nZqbDPqPYcv
6Yf1Ir50W2hzU9972ctxKtEuxUlJdT1+Gv4e6vib2Afn3BseQFDURdMUimunOOev
evJQNzcmsDvzztMYyA6ScPS0qSLzTR/TvvJpfjhkh2r77CmyMUzc76Ht5e0Ucm+W
qVqur9fFcL6xLuGsvdbKO29fRMZ7XZiLwsJAVKOyeX2UC0/FGqps8Zv89pdorSfl
b9dJjLJO0UAwDSlo/KvB9QZD/Zy71PSsQzh2NO2S3zuFKIoLNYrfjw3hBdLEwasf
TZsLrM6264wCvo0ydi7T0sjZps5ni5JZXfYjx3zwgQKBgQC+eT0z/XF4K+h+LIkN
AWAuXW5jtZxrBN2JJqVQE+HqV7qhWLNpyIOZhlS4Ev+NgtUnFTjxE1lJlkFxnhKc
JrEJV8YCcEOVdDtQK/LWjnq3Th4FX647aoIWPIoudOpSh3nXOycCyw2JSBGOzvhK
o7gr2EBz18LUy62OQnX1RZNu6QKBgQC7ZlwFHDgWJeHrzZh6UwtkD8kkH7TEsy7j
osTikXg7pN55axsS3qOmiWX/QMHif1B0U7bY+oNygoZnHMlJjmFhycxVyvtAkdjw
lHSWllwpI4D34cRXrB1ErD5nQCm59EI3di9GRFfDg2mX46ETQ638JkExSbnQjROl
22eqvWHvqwKBgHHq2OvrPJ3+xMIRqLYaiIeyYX9I8xAejNCmSGCoQ4mAhqJRBpzR
y8NaT/j3g9gC07DYRIIKbHBSaTmmrMKvcVqBIG/87K7KIV9Fqasg88wF8HaOTwpC
HSNnec1nJ23MkNZlDmPhRWtBqx6aMm2RlWjDoWinNmNGnbpjjWDwB8lhAoGAIeGy
13Wvqkl1HFYSsGMdVx0Hh9F3tGyVGLEQGcqlS1tWoes8fN/mBLEo0Mqbg2DzYeTU
1UwNwgFZXYE132evsadzmztUy+rSp0SgA63xwbpakfausg87R3RA4BgYszc3VaG3
kGPA3md/Cugr8ji1VzZvaQLkZpFrMPyHNLaC43sCgYBP9/aWRzdoDhBxMxTLPokF
R4hHt+o13qH0iH1/XE9sV+tY+zYJ+4wUlZrM7HkhVdH8P/IUaMigKE382Rdn7M0h
+llyKXAHBIgp9h73yUsnyt9WIbIvQXBxfkaz23KK44NnAzAZTKE6PtqUSZM8zUj4
riTP6BQ9a6uffXyrGJvbWA==
-----END PRIVATE KEY-----`;

/** The certificates the server serves, by name: `paypal` (the default signer), `other` (a valid
 *  certificate of another key), `expired` (valid 2000-01-01 to 2001-01-01). */
export const PAYPAL_TEST_CERTS = {
  paypal: { cert: PAYPAL_CERT, key: PAYPAL_KEY },
  other: { cert: OTHER_CERT, key: OTHER_KEY },
  expired: { cert: EXPIRED_CERT, key: EXPIRED_KEY },
} as const;
export type TestCertName = keyof typeof PAYPAL_TEST_CERTS;

/** What a test source's webhook id looks like (PayPal's are 17 upper-case letters and digits). */
export const PAYPAL_TEST_WEBHOOK_ID = '8PT597110X687430LKGECATA';

/** Paths the server answers besides the certificates: the `paypal` certificate followed by another
 *  (a chain, as PayPal serves), a body past the size limit, a text that is no certificate, a 404
 *  and a request that is never answered (for the fetch's timeout). */
export type TestCertPath = TestCertName | 'chain' | 'huge' | 'garbage' | 'missing' | 'hang';

export type PaypalCertServer = {
  /** `127.0.0.1:<port>`: the host to allow. */
  host: string;
  /** What to pass the verifier (receivePaypalWebhook, buildTestApp's paypalCertSource). */
  certSource: PaypalCertSource;
  /** The certificate URL of the default signer (`paypal`). */
  certUrl: string;
  urlFor(path: TestCertPath): string;
  /** How many requests the server has had for a path. */
  requests(path: TestCertPath): number;
  close(): Promise<void>;
};

const CERT_PATH = '/v1/notifications/certs/CERT-';
let current: PaypalCertServer | null = null;

/** Starts the HTTPS certificate server on 127.0.0.1 (TLS with the `paypal` certificate). */
export async function startPaypalCertServer(): Promise<PaypalCertServer> {
  const counts = new Map<string, number>();
  const server = createServer({ key: PAYPAL_KEY, cert: PAYPAL_CERT }, (req, res) => {
    const name = (req.url ?? '').startsWith(CERT_PATH) ? (req.url ?? '').slice(CERT_PATH.length) : '';
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (name === 'hang') return; // never answered; closed with the server
    if (name in PAYPAL_TEST_CERTS) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(PAYPAL_TEST_CERTS[name as TestCertName].cert);
    } else if (name === 'chain') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(`${PAYPAL_CERT}\n${OTHER_CERT}\n`);
    } else if (name === 'huge') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(`${PAYPAL_CERT}\n${'#'.repeat(200_000)}`);
    } else if (name === 'garbage') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('not a certificate');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urlFor = (path: TestCertPath) => `https://${host}${CERT_PATH}${path}`;
  const started: PaypalCertServer = {
    host,
    certSource: { hosts: [host], ca: PAYPAL_CERT },
    certUrl: urlFor('paypal'),
    urlFor,
    requests: (path) => counts.get(path) ?? 0,
    async close() {
      if (current === started) current = null;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  current = started;
  return started;
}

export type SignOptions = {
  webhookId: string;
  transmissionId?: string;
  /** Default: now. */
  transmissionTime?: Date | string;
  /** Default: the `paypal` certificate of the server started last. */
  certUrl?: string;
  /** Whose key signs (default `paypal`). */
  signer?: TestCertName;
  authAlgo?: string;
};

/** The PAYPAL-* headers PayPal would send with `body` for the webhook `webhookId` (lower-case
 *  names, plus content-type), signed SHA256withRSA over `<id>|<time>|<webhook id>|<crc32>`. */
export function signPaypalDelivery(body: string | Buffer, options: SignOptions): Record<string, string> {
  const certUrl = options.certUrl ?? current?.certUrl;
  if (!certUrl) throw new Error('signPaypalDelivery: start the certificate server first (startPaypalCertServer) or pass certUrl');
  const transmissionId = options.transmissionId ?? crypto.randomUUID();
  const time = options.transmissionTime ?? new Date();
  const transmissionTime = typeof time === 'string' ? time : time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signature = createSign('sha256')
    .update(paypalSignedMessage(transmissionId, transmissionTime, options.webhookId, raw), 'utf8')
    .sign(PAYPAL_TEST_CERTS[options.signer ?? 'paypal'].key, 'base64');
  return {
    'content-type': 'application/json',
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': transmissionTime,
    'paypal-transmission-sig': signature,
    'paypal-cert-url': certUrl,
    'paypal-auth-algo': options.authAlgo ?? 'SHA256withRSA',
  };
}
