<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>AddProfileController</name>
    <message>
        <location filename="../../controllers/add_profile.py" line="107"/>
        <source>There is a profile called %1 already.</source>
        <translation>%1 という名前のプロファイルは既にあります。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="122"/>
        <source>Reading the gateway&apos;s sign-in details…</source>
        <translation>ゲートウェイのサインイン情報を読み込んでいます…</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="137"/>
        <source>%1 trusts the sign-in server %2.</source>
        <translation>%1 はサインインサーバー %2 を信頼しています。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="140"/>
        <source>(none named)</source>
        <translation>（名前なし）</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="143"/>
        <source>It asks for the scopes %1.</source>
        <translation>スコープ %1 を求めています。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="144"/>
        <source>Still needed: the application&apos;s client ID.</source>
        <translation>あとはアプリケーションのクライアント ID が必要です。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="154"/>
        <source>Ask your administrator for the sign-in server and the client ID.</source>
        <translation>サインインサーバーとクライアント ID は管理者にお問い合わせください。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="167"/>
        <source>Continue to look this gateway up.</source>
        <translation>続行すると、このゲートウェイを調べます。</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="182"/>
        <source>Saving…</source>
        <translation>保存しています…</translation>
    </message>
    <message>
        <location filename="../../controllers/add_profile.py" line="189"/>
        <source>Could not save the profile: %1</source>
        <translation>プロファイルを保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>AddProfileDialog</name>
    <message>
        <location filename="../../views/add_profile.py" line="225"/>
        <source>Add profile</source>
        <translation>プロファイルを追加</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="228"/>
        <source>A profile is one gateway and the account you use with it. Give the gateway&apos;s URL: AgentCore Chat reads from it which sign-in server it trusts.</source>
        <translation>プロファイルは、1 つのゲートウェイとそこで使うアカウントの組み合わせです。ゲートウェイの URL を入力してください。AgentCore Chat はそこから、信頼されているサインインサーバーを読み取ります。</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="233"/>
        <source>Profile &amp;name:</source>
        <translation>プロファイル名(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="235"/>
        <source>&amp;Scopes:</source>
        <translation>スコープ(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="239"/>
        <source>e.g. work or prod (letters, digits, - and _)</source>
        <translation>例: work、prod（英字、数字、- と _）</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="241"/>
        <source>&amp;Continue</source>
        <translation>続行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="242"/>
        <source>&amp;Enter the details yourself</source>
        <translation>詳細を自分で入力(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="243"/>
        <source>&amp;Back</source>
        <translation>戻る(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="244"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../views/add_profile.py" line="245"/>
        <location filename="../../views/add_profile.py" line="246"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>ApprovalCardView</name>
    <message>
        <location filename="../../widgets/approval_card.py" line="239"/>
        <source>Allow this tool call?</source>
        <translation>このツール呼び出しを許可しますか？</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="242"/>
        <location filename="../../widgets/approval_card.py" line="243"/>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="244"/>
        <source>Allow &amp;once</source>
        <translation>今回だけ許可(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="245"/>
        <source>Al&amp;ways allow</source>
        <translation>常に許可(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="246"/>
        <source>&amp;Deny</source>
        <translation>拒否(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="247"/>
        <source>Run this call; ask again next time</source>
        <translation>この呼び出しを実行し、次回も確認します</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="249"/>
        <source>Run it, and never ask again for this tool (Settings can revoke it)</source>
        <translation>実行し、このツールについては今後確認しません（設定で取り消せます）</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="251"/>
        <source>Do not run it; the agent is told you declined</source>
        <translation>実行しません。拒否したことがエージェントに伝わります</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="254"/>
        <source>Allowed once.</source>
        <translation>今回だけ許可しました。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="255"/>
        <source>Always allowed. Settings can revoke it.</source>
        <translation>常に許可しました。設定で取り消せます。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="256"/>
        <source>Denied. The agent was told you declined.</source>
        <translation>拒否しました。エージェントに拒否したことを伝えました。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="257"/>
        <source>Stopped before you answered. The tool did not run.</source>
        <translation>回答前に停止しました。ツールは実行されていません。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="260"/>
        <source>Approval: %1</source>
        <translation>承認: %1</translation>
    </message>
</context>
<context>
    <name>BannerView</name>
    <message>
        <location filename="../../widgets/banner.py" line="60"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../widgets/banner.py" line="61"/>
        <source>Dismiss this message</source>
        <translation>このメッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../views/pages.py" line="85"/>
        <location filename="../../views/pages.py" line="106"/>
        <source>Signing you in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <location filename="../../views/pages.py" line="107"/>
        <source>Working</source>
        <translation>処理中</translation>
    </message>
    <message>
        <location filename="../../views/pages.py" line="108"/>
        <source>&amp;Retry</source>
        <translation>再試行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../views/pages.py" line="109"/>
        <source>Retry signing in</source>
        <translation>サインインを再試行</translation>
    </message>
    <message>
        <location filename="../../views/pages.py" line="110"/>
        <source>Sign in &amp;again</source>
        <translation>もう一度サインイン(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../views/pages.py" line="111"/>
        <source>Sign in again with the browser</source>
        <translation>ブラウザーでもう一度サインイン</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../controllers/chat.py" line="187"/>
        <source>Connecting to the gateway…</source>
        <extracomment>Lists the models this person can use (``AppServices.list_models`` for the profile). Step-up cards (a scope the gateway asked for): set by :meth:`enable_step_up`.</extracomment>
        <translation>ゲートウェイに接続しています…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../controllers/chat.py" line="379"/>
        <source>The model is busy — trying again in %n s</source>
        <translation>
            <numerusform>モデルが混雑しています — %n 秒後に再試行します</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="381"/>
        <source>The model is busy — trying again now…</source>
        <translation>モデルが混雑しています — 再試行しています…</translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="394"/>
        <source>Tokens: %1 in, %2 out</source>
        <translation>トークン: 入力 %1、出力 %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../controllers/chat.py" line="406"/>
        <source>… %n more character(s) not shown</source>
        <translation>
            <numerusform>…ほか %n 文字は表示していません</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="435"/>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="510"/>
        <location filename="../../controllers/chat.py" line="551"/>
        <source>Offline router</source>
        <translation>オフラインルーター</translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="512"/>
        <source>Not a language model: it picks a tool by matching the words of your question.</source>
        <translation>言語モデルではありません: 質問の言葉に合うツールを選んで呼び出します。</translation>
    </message>
    <message>
        <location filename="../../controllers/chat.py" line="514"/>
        <source>Model: %1</source>
        <translation>モデル: %1</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../views/chat.py" line="209"/>
        <source>Retry</source>
        <extracomment>The person picked another model in the header (its config id, e.g. &quot;bedrock:…&quot;).</extracomment>
        <translation>再試行</translation>
    </message>
    <message>
        <location filename="../../views/chat.py" line="210"/>
        <source>Retry connecting</source>
        <translation>接続を再試行</translation>
    </message>
    <message>
        <location filename="../../views/chat.py" line="211"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../views/chat.py" line="212"/>
        <source>The models you can use; pick one to switch</source>
        <translation>使えるモデル。選ぶと切り替わります</translation>
    </message>
    <message>
        <location filename="../../views/chat.py" line="213"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../views/chat.py" line="214"/>
        <source>List the models again</source>
        <translation>モデルの一覧を更新</translation>
    </message>
</context>
<context>
    <name>ComposerView</name>
    <message>
        <location filename="../../widgets/composer.py" line="105"/>
        <location filename="../../widgets/composer.py" line="129"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="110"/>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="123"/>
        <source>Ask a question… (Enter sends, Shift+Enter adds a line)</source>
        <translation>質問を入力…（Enter で送信、Shift+Enter で改行）</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="125"/>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="126"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="127"/>
        <source>Send the question</source>
        <translation>質問を送信</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="128"/>
        <source>Send (Enter)</source>
        <translation>送信 (Enter)</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="130"/>
        <source>Stop the answer</source>
        <translation>回答を停止</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="131"/>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="132"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="133"/>
        <source>Start a new chat</source>
        <translation>新しいチャットを始める</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="134"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新しいチャット (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>ConnectionFields</name>
    <message>
        <location filename="../../widgets/profile_form.py" line="70"/>
        <source>&amp;Provider:</source>
        <translation>プロバイダー(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="71"/>
        <source>&amp;Client ID:</source>
        <translation>クライアント ID(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="72"/>
        <source>&amp;Audience (API):</source>
        <translation>オーディエンス（API）(&amp;A):</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="73"/>
        <source>&amp;Gateway URL:</source>
        <translation>ゲートウェイ URL(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="79"/>
        <source>example.us.auth0.com or https://issuer/</source>
        <translation>example.us.auth0.com または https://issuer/</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="84"/>
        <source>The application&apos;s client ID</source>
        <translation>アプリケーションのクライアント ID</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="87"/>
        <source>The API identifier (optional)</source>
        <translation>API 識別子（省略可）</translation>
    </message>
    <message>
        <location filename="../../widgets/profile_form.py" line="90"/>
        <source>https://….gateway.bedrock-agentcore.….amazonaws.com/mcp</source>
        <translation>https://….gateway.bedrock-agentcore.….amazonaws.com/mcp</translation>
    </message>
</context>
<context>
    <name>ConsentCardView</name>
    <message>
        <location filename="../../widgets/consent_card.py" line="191"/>
        <source>%1 asks you to open a link</source>
        <translation>%1 がリンクを開くよう求めています</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="193"/>
        <source>%1 needs you to connect an account</source>
        <translation>%1 を使うにはアカウントの接続が必要です</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="196"/>
        <source>(no host)</source>
        <translation>(ホストなし)</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="197"/>
        <source>Link to: %1</source>
        <translation>リンク先: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="198"/>
        <source>Open it yourself only if you trust it.</source>
        <translation>信頼できる場合にだけ、ご自分で開いてください。</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="200"/>
        <source>Open in browser</source>
        <translation>ブラウザーで開く</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="201"/>
        <source>Open %1 in your browser</source>
        <translation>%1 をブラウザーで開く</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="202"/>
        <source>I&apos;ve connected</source>
        <translation>接続しました</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="204"/>
        <source>I&apos;ve connected: the tool goes on</source>
        <translation>接続しました: ツールの処理を続けます</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="206"/>
        <source>I&apos;ve connected: try the tool again</source>
        <translation>接続しました: ツールをもう一度実行します</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="208"/>
        <source>Decline</source>
        <translation>断る</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="209"/>
        <source>Decline: do not open the link</source>
        <translation>断る: リンクを開きません</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="210"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="211"/>
        <source>Cancel: answer later</source>
        <translation>キャンセル: 後で回答します</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="213"/>
        <source>Waiting for you to connect…</source>
        <translation>接続を待っています…</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="214"/>
        <source>Trying again…</source>
        <translation>もう一度試しています…</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="214"/>
        <source>Going on…</source>
        <translation>続行しています…</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="215"/>
        <source>Connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="216"/>
        <source>Still not connected</source>
        <translation>まだ接続されていません</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="217"/>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="218"/>
        <source>Declined</source>
        <translation>断りました</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="219"/>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
</context>
<context>
    <name>ConversationListView</name>
    <message>
        <location filename="../../views/history.py" line="244"/>
        <source>Search (Ctrl+K)</source>
        <translation>検索 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="245"/>
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="246"/>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="247"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>新しい会話を始める (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="248"/>
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="249"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="250"/>
        <source>Open with all messages</source>
        <translation>すべてのメッセージを開く</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="251"/>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="252"/>
        <source>Export to Markdown…</source>
        <translation>Markdown に書き出す…</translation>
    </message>
    <message>
        <location filename="../../views/history.py" line="253"/>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
</context>
<context>
    <name>FormCardView</name>
    <message>
        <location filename="../../widgets/form_card.py" line="159"/>
        <source>The tool asks for some details</source>
        <translation>ツールが入力を求めています</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="162"/>
        <source>Asked by %1 on %2</source>
        <translation>%2 の %1 からの依頼</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="165"/>
        <source>Asked by %1</source>
        <translation>%1 からの依頼</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="170"/>
        <source>%1 looks like a password or key: enter it only if you trust %2.</source>
        <translation>%1 はパスワードまたはキーのようです。%2 を信頼できる場合にのみ入力してください。</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="172"/>
        <source>this server</source>
        <translation>このサーバー</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="183"/>
        <source>Accept</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="184"/>
        <source>Decline</source>
        <translation>断る</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="185"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="189"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="190"/>
        <source>Declined</source>
        <translation>断りました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="191"/>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="200"/>
        <source>From %1 to %2.</source>
        <translation>%1 から %2 まで。</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="202"/>
        <source>Choose up to %1.</source>
        <translation>%1 個まで選べます。</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="204"/>
        <source>At most %1 characters.</source>
        <translation>%1 文字以内。</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="212"/>
        <source>Fill in: %1</source>
        <translation>入力してください: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="253"/>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <location filename="../../controllers/history.py" line="71"/>
        <source>%n earlier message(s) not shown; “Open with all messages” in the list shows them.</source>
        <translation>それより前の %n 件は表示していません。一覧の「すべてのメッセージを開く」で表示できます。</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="90"/>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="195"/>
        <source>Search results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="196"/>
        <source>No conversation matches.</source>
        <translation>一致する会話はありません。</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="200"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="201"/>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="202"/>
        <source>Earlier</source>
        <translation>それ以前</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="275"/>
        <source>History is off: conversations are not saved.</source>
        <translation>履歴はオフです: 会話は保存されません。</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="337"/>
        <source>Delete conversation</source>
        <translation>会話を削除</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="338"/>
        <source>Delete “%1”?</source>
        <translation>「%1」を削除しますか?</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="339"/>
        <source>It is removed from this computer; this cannot be undone.</source>
        <translation>このコンピューターから削除されます。元に戻すことはできません。</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="340"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="368"/>
        <source>Export to Markdown</source>
        <translation>Markdown に書き出す</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="370"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../controllers/history.py" line="395"/>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../startup/errors.py" line="72"/>
        <source>Something unexpected went wrong.</source>
        <translation>予期しないエラーが発生しました。</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="239"/>
        <source>Signed in as %1</source>
        <translation>%1 としてサインイン中</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="242"/>
        <location filename="../../views/window.py" line="243"/>
        <source>Not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="292"/>
        <source>AgentCore Chat</source>
        <translation>AgentCore Chat</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="305"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="306"/>
        <source>&amp;Account</source>
        <translation>アカウント(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="307"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="308"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="309"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="310"/>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="311"/>
        <source>Add &amp;profile…</source>
        <translation>プロファイルを追加(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="312"/>
        <source>&amp;About AgentCore Chat</source>
        <translation>AgentCore Chat について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../views/window.py" line="313"/>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <location filename="../../widgets/transcript.py" line="273"/>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="279"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="279"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="289"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="290"/>
        <location filename="../../widgets/transcript.py" line="291"/>
        <source>Copy this answer</source>
        <translation>この回答をコピー</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="335"/>
        <source>Code copied</source>
        <translation>コードをコピーしました</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../markdown.py" line="207"/>
        <location filename="../../markdown.py" line="478"/>
        <source>Copy code</source>
        <extracomment>Runs a callable on a later turn of the event loop (a test passes its own).</extracomment>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <location filename="../../markdown.py" line="476"/>
        <source>Copy table</source>
        <translation>表をコピー</translation>
    </message>
</context>
<context>
    <name>PlaceholderChatPage</name>
    <message>
        <location filename="../../views/pages.py" line="142"/>
        <source>You are signed in, but the chat could not start: the notice above says why.</source>
        <translation>サインインしましたが、チャットを開始できませんでした。理由は上の通知をご覧ください。</translation>
    </message>
</context>
<context>
    <name>ProfilesController</name>
    <message>
        <location filename="../../controllers/profiles.py" line="219"/>
        <source>not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <location filename="../../controllers/profiles.py" line="221"/>
        <source>checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <location filename="../../controllers/profiles.py" line="223"/>
        <source>not set up</source>
        <translation>未設定</translation>
    </message>
    <message>
        <location filename="../../controllers/profiles.py" line="225"/>
        <source>could not check</source>
        <translation>確認できませんでした</translation>
    </message>
</context>
<context>
    <name>RefusedLink</name>
    <message>
        <location filename="../../widgets/refused_link.py" line="21"/>
        <source>This link was not opened: its host name contains %-escapes, which hide where it really goes (%1).</source>
        <translation>このリンクは開きませんでした。ホスト名に % エスケープが含まれていて、本当の行き先 (%1) が隠れています。</translation>
    </message>
    <message>
        <location filename="../../widgets/refused_link.py" line="27"/>
        <source>This link was not opened: its host name mixes letters of different alphabets, as look-alike addresses do. It really goes to %1.</source>
        <translation>このリンクは開きませんでした。ホスト名に異なる文字体系の文字が混ざっていて、似せたアドレスによくある形です。本当の行き先は %1 です。</translation>
    </message>
    <message>
        <location filename="../../widgets/refused_link.py" line="33"/>
        <source>This link was not opened: its host name uses characters that imitate ordinary ones. It really goes to %1.</source>
        <translation>このリンクは開きませんでした。ホスト名に通常の文字に似せた文字が使われています。本当の行き先は %1 です。</translation>
    </message>
    <message>
        <location filename="../../widgets/refused_link.py" line="39"/>
        <source>This link was not opened: it is not https (a secure address).</source>
        <translation>このリンクは https (安全なアドレス) ではないため開きませんでした。</translation>
    </message>
</context>
<context>
    <name>ResultPartsView</name>
    <message>
        <location filename="../../widgets/result_parts.py" line="122"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="124"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="127"/>
        <source>Open %1 in your browser</source>
        <translation>%1 をブラウザーで開く</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="135"/>
        <source>Image (%1)</source>
        <translation>画像 (%1)</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="138"/>
        <source>Sound (%1)</source>
        <translation>音声 (%1)</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="143"/>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="143"/>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location filename="../../widgets/result_parts.py" line="146"/>
        <source>Content of a kind this app does not show: %1</source>
        <translation>このアプリでは表示できない種類の内容: %1</translation>
    </message>
</context>
<context>
    <name>Risk</name>
    <message>
        <location filename="../../widgets/approval_card.py" line="67"/>
        <source>Read-only</source>
        <translation>読み取りのみ</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="68"/>
        <source>May change data</source>
        <translation>データを変更する可能性あり</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="69"/>
        <source>Destructive</source>
        <translation>破壊的</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="77"/>
        <source>The tool says it only reads data.</source>
        <translation>このツールはデータを読み取るだけだと申告しています。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="78"/>
        <source>This tool may change data in your company&apos;s systems, in your name.</source>
        <translation>このツールは、あなたの名前で社内システムのデータを変更する可能性があります。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="81"/>
        <source>This tool may delete or overwrite data, in your name. It may not be possible to undo it.</source>
        <translation>このツールは、あなたの名前でデータを削除または上書きする可能性があります。元に戻せないことがあります。</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <location filename="../../controllers/settings.py" line="143"/>
        <source>Listing the models you can use…</source>
        <extracomment>Lists the models of a provider (the second argument) for these settings. The gateway&apos;s &quot;always allow&quot; answers (``load()``/``remove()``). How to list the models this person can use; the dialog lists them when it opens, when the provider changes and on Refresh (without it, no list).</extracomment>
        <translation>使えるモデルを取得しています…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../controllers/settings.py" line="161"/>
        <source>%n model(s) you can use</source>
        <translation>
            <numerusform>使えるモデル: %n 個</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../controllers/settings.py" line="163"/>
        <source>No models found; type a model name.</source>
        <translation>モデルが見つかりません。モデル名を入力してください。</translation>
    </message>
    <message>
        <location filename="../../controllers/settings.py" line="204"/>
        <source>Could not save the settings: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../views/settings.py" line="269"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="271"/>
        <source>Settings — profile %1</source>
        <translation>設定 — プロファイル %1</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="364"/>
        <source>&amp;Model provider:</source>
        <translation>モデルの提供元(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="365"/>
        <source>Model &amp;name:</source>
        <translation>モデル名(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="366"/>
        <source>Your mo&amp;dels:</source>
        <translation>使えるモデル(&amp;D):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="367"/>
        <source>&amp;Base URL:</source>
        <translation>ベース URL(&amp;B):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="368"/>
        <source>Anthropic base &amp;URL:</source>
        <translation>Anthropic ベース URL(&amp;U):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="369"/>
        <source>AWS &amp;role (sign-in):</source>
        <translation>AWS ロール（サインイン）(&amp;R):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="370"/>
        <source>Retry a busy model (&amp;s):</source>
        <translation>混雑時の再試行（秒）(&amp;S):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="371"/>
        <source>Tool searc&amp;h above:</source>
        <translation>ツール検索のしきい値(&amp;H):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="372"/>
        <source>&amp;Language:</source>
        <translation>表示言語(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="373"/>
        <source>Ask before &amp;tools run:</source>
        <translation>ツール実行前の確認(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="374"/>
        <source>E&amp;xtra CA file:</source>
        <translation>追加の CA ファイル(&amp;X):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="375"/>
        <source>History:</source>
        <translation>履歴:</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="381"/>
        <source>e.g. global.anthropic.claude-sonnet-4-6</source>
        <translation>例: global.anthropic.claude-sonnet-4-6</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="382"/>
        <source>e.g. http://localhost:11434/v1</source>
        <translation>例: http://localhost:11434/v1</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="384"/>
        <source>Optional: your company&apos;s proxy for the Anthropic API</source>
        <translation>任意: 会社の Anthropic API 用プロキシ</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="387"/>
        <source>Optional: arn:aws:iam::123456789012:role/agentcore-chat-bedrock</source>
        <translation>任意: arn:aws:iam::123456789012:role/agentcore-chat-bedrock</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="391"/>
        <source>An IAM role to use Amazon Bedrock with your sign-in, without AWS keys on this computer. Leave empty to use your own AWS configuration.</source>
        <translation>サインインで Amazon Bedrock を使うための IAM ロール。このコンピューターに AWS キーは不要です。空欄にすると、ご自身の AWS 設定を使います。</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="396"/>
        <source>How long, in all, to keep retrying while the model is busy (seconds).</source>
        <translation>モデルが混雑しているときに再試行を続ける合計時間（秒）。</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="400"/>
        <source>With more tools than this, the model searches for the tools it needs instead of seeing them all (0: never).</source>
        <translation>ツールがこの数より多いと、モデルはすべてのツールを見る代わりに必要なものを検索します（0: 検索しない）。</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="404"/>
        <source>Re&amp;fresh</source>
        <translation>更新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="405"/>
        <source>List the models again</source>
        <translation>モデルの一覧を更新</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="406"/>
        <source>The models you can use</source>
        <translation>使えるモデル</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="407"/>
        <source>Optional: your company&apos;s CA (PEM)</source>
        <translation>任意: 会社の CA 証明書 (PEM)</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="410"/>
        <source>A CA certificate (PEM) to trust besides the system&apos;s, e.g. the one your company uses to inspect TLS.</source>
        <translation>システムの証明書に加えて信頼する CA 証明書 (PEM)。例: 会社が TLS の検査に使う CA。</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="414"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="416"/>
        <source>Amazon Bedrock</source>
        <translation>Amazon Bedrock</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="417"/>
        <source>Anthropic</source>
        <translation>Anthropic</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="418"/>
        <source>OpenAI-compatible (Ollama, LM Studio, vLLM)</source>
        <translation>OpenAI 互換（Ollama、LM Studio、vLLM）</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="285"/>
        <location filename="../../views/settings.py" line="419"/>
        <source>Offline router (no language model)</source>
        <translation>オフラインルーター（言語モデルなし）</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="424"/>
        <source>For tools that may change data (recommended)</source>
        <translation>データを変更する可能性のあるツールのみ（推奨）</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="425"/>
        <source>Before every tool</source>
        <translation>すべてのツールで確認</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="426"/>
        <source>Never</source>
        <translation>確認しない</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="430"/>
        <source>Al&amp;ways allowed:</source>
        <translation>常に許可(&amp;W):</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="431"/>
        <source>Tools always allowed</source>
        <translation>常に許可したツール</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="432"/>
        <source>&amp;Revoke</source>
        <translation>取り消す(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="433"/>
        <source>Revoke: ask again before this tool</source>
        <translation>取り消す: このツールの実行前に再び確認します</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="435"/>
        <source>No tool is always allowed. Answer “Always allow” on a tool&apos;s card to add one.</source>
        <translation>常に許可したツールはありません。ツールのカードで「常に許可」を選ぶと追加されます。</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="437"/>
        <source>&amp;Keep history on this computer</source>
        <translation>この PC に履歴を残す(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="438"/>
        <source>Keep history</source>
        <translation>履歴を残す</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="439"/>
        <source>&amp;Delete all history…</source>
        <translation>履歴をすべて削除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="440"/>
        <source>Delete all saved conversations</source>
        <translation>保存したすべての会話を削除</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="441"/>
        <source>System</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="444"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="445"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="464"/>
        <source>Extra CA certificate</source>
        <translation>追加の CA 証明書</translation>
    </message>
    <message>
        <location filename="../../views/settings.py" line="466"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../controllers/settings.py" line="223"/>
        <source>Welcome! To sign you in, AgentCore Chat needs your organisation&apos;s sign-in provider (an Auth0 domain such as example.us.auth0.com, or an OpenID Connect issuer URL), the application&apos;s client ID and the AgentCore Gateway URL. Your administrator can give you these.</source>
        <translation>ようこそ。サインインするには、組織のサインインプロバイダー（example.us.auth0.com のような Auth0 ドメイン、または OpenID Connect の発行者 URL）、アプリケーションのクライアント ID、AgentCore Gateway の URL が必要です。これらは管理者にお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>SignInController</name>
    <message>
        <location filename="../../controllers/sign_in.py" line="184"/>
        <source>Copied</source>
        <extracomment>The browser sign-in under way (its ``url`` is the page the browser was sent to).</extracomment>
        <translation>コピーしました</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="270"/>
        <location filename="../../controllers/sign_in.py" line="314"/>
        <source>Sign-in did not finish</source>
        <translation>サインインを完了できませんでした</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="295"/>
        <source>Access denied</source>
        <translation>アクセスが拒否されました</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="296"/>
        <source>The sign-in provider refused: %1</source>
        <translation>サインインのプロバイダーに拒否されました: %1</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="276"/>
        <source>The code expired</source>
        <translation>コードの有効期限が切れました</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="277"/>
        <source>The code was not approved in time. Try again to get a new one.</source>
        <translation>時間内に承認されませんでした。もう一度お試しいただくと、新しいコードが発行されます。</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="282"/>
        <source>The browser did not come back</source>
        <translation>ブラウザーから戻りませんでした</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="283"/>
        <source>The sign-in page was closed or left unanswered. Try again to open it anew.</source>
        <translation>サインインページが閉じられたか、応答がありませんでした。もう一度お試しいただくと、新しく開きます。</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="307"/>
        <source>Cannot connect securely to the sign-in server</source>
        <translation>サインインサーバーに安全に接続できません</translation>
    </message>
    <message>
        <location filename="../../controllers/sign_in.py" line="312"/>
        <source>Cannot reach the sign-in server</source>
        <translation>サインインサーバーに接続できません</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../views/sign_in_cards.py" line="201"/>
        <source>Sign-in code %1</source>
        <translation>サインインコード %1</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="212"/>
        <source>Code expires in %1</source>
        <translation>コードの有効期限まで %1</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="314"/>
        <source>Link to: %1</source>
        <translation>リンク先: %1</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="323"/>
        <source>This sign-in link is on %1, not on %2 like the sign-in server, so it was not opened for you. Open it only if your administrator expects it.</source>
        <translation>このサインインリンクはサインインサーバー (%2) ではなく %1 にあるため、自動では開きませんでした。管理者から案内されている場合にだけ開いてください。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="365"/>
        <source>Sign in to AgentCore Chat</source>
        <translation>AgentCore Chat にサインイン</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="368"/>
        <source>Your company&apos;s tools answer with your own permissions, so first sign in with your work account.</source>
        <translation>社内ツールはあなた自身の権限で応答します。まず仕事用のアカウントでサインインしてください。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="374"/>
        <source>Demo: approve as Alice (has the gateway role) or as Bob (does not) on the local sign-in page.</source>
        <translation>デモ: ローカルのサインインページで、Alice（ゲートウェイのロールあり）または Bob（ロールなし）として承認してください。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="378"/>
        <source>&amp;Sign in with %1</source>
        <translation>%1 でサインイン(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="380"/>
        <source>Sign in with %1</source>
        <translation>%1 でサインイン</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="382"/>
        <source>Use this computer&apos;s &amp;browser</source>
        <translation>このコンピューターのブラウザーを使う(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="383"/>
        <source>Sign in with this computer&apos;s browser</source>
        <translation>このコンピューターのブラウザーでサインイン</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="404"/>
        <source>Your browser opens to sign in and comes back to this app; no password stored.</source>
        <translation>ブラウザーが開いてサインインし、このアプリに戻ります。パスワードは保存しません。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="408"/>
        <source>Your browser opens to confirm; nothing to type here, no password stored.</source>
        <translation>確認のためにブラウザーが開きます。ここで入力するものはなく、パスワードも保存しません。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="217"/>
        <source>Check that your browser shows this code:</source>
        <translation>ブラウザーに次のコードが表示されていることを確認してください:</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="218"/>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="219"/>
        <source>Copy the code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="116"/>
        <source>&amp;Open the page again</source>
        <translation>ページをもう一度開く(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="65"/>
        <source>Check with your administrator before you visit it.</source>
        <translation>アクセスする前に管理者に確認してください。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="118"/>
        <source>Open the sign-in page in the browser again</source>
        <translation>サインインページをブラウザーでもう一度開く</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="222"/>
        <source>QR code of the sign-in link</source>
        <translation>サインインリンクの QR コード</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="223"/>
        <source>Scan to approve on your phone</source>
        <translation>スマートフォンで読み取って承認</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="224"/>
        <source>Or scan with your phone</source>
        <translation>スマートフォンで読み取ることもできます</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="225"/>
        <source>Waiting for approval</source>
        <translation>承認を待っています</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="227"/>
        <source>Waiting for you to approve in the browser…</source>
        <translation>ブラウザーでの承認を待っています…</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="260"/>
        <source>Time left: %1</source>
        <translation>残り時間: %1</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="266"/>
        <source>Finish signing in in your browser. It opened this page:</source>
        <translation>ブラウザーでサインインを完了してください。開いたページ:</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="269"/>
        <source>Waiting for the browser</source>
        <translation>ブラウザーを待っています</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="271"/>
        <source>Waiting for your browser to come back to this app… When the page says you can close the tab, you are signed in here.</source>
        <translation>ブラウザーからこのアプリに戻るのを待っています… タブを閉じてよいと表示されたら、こちらのサインインは完了です。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="121"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="122"/>
        <source>Cancel sign-in</source>
        <translation>サインインをキャンセル</translation>
    </message>
    <message>
        <location filename="../../views/sign_in_cards.py" line="221"/>
        <location filename="../../views/sign_in_cards.py" line="277"/>
        <source>Time left</source>
        <translation>残り時間</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="389"/>
        <source>&amp;Try again</source>
        <translation>もう一度試す(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="390"/>
        <source>Try signing in again</source>
        <translation>もう一度サインインを試す</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="393"/>
        <source>AgentCore Chat needs to know where you sign in before it can start: your Auth0 domain (or OpenID Connect issuer), the application&apos;s client ID and the gateway&apos;s URL. Your administrator can give you these.</source>
        <translation>使い始める前に、サインイン先を設定する必要があります: Auth0 ドメイン（または OpenID Connect の発行者）、アプリケーションのクライアント ID、ゲートウェイの URL。これらは管理者にお問い合わせください。</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="398"/>
        <source>Open &amp;Settings…</source>
        <translation>設定を開く(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../views/sign_in.py" line="399"/>
        <source>Open settings</source>
        <translation>設定を開く</translation>
    </message>
</context>
<context>
    <name>StepUpCardView</name>
    <message>
        <location filename="../../widgets/step_up_card.py" line="163"/>
        <source>This needs another permission</source>
        <translation>別の権限が必要です</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="166"/>
        <source>The gateway asks for “%1”, which your sign-in does not have yet. Sign in again to ask for it; this conversation stays as it is.</source>
        <translation>ゲートウェイは「%1」を求めていますが、今のサインインにはまだありません。もう一度サインインして求めてください。この会話はそのまま残ります。</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="171"/>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="171"/>
        <source>Sign in again</source>
        <translation>もう一度サインイン</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="173"/>
        <source>Not now</source>
        <translation>後で</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="174"/>
        <source>Open the page again</source>
        <translation>ページをもう一度開く</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="175"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="178"/>
        <source>Waiting for your browser to come back…</source>
        <translation>ブラウザーから戻るのを待っています…</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="180"/>
        <source>Check that your browser shows this code, then approve…</source>
        <translation>ブラウザーにこのコードが表示されていることを確認してから、承認してください…</translation>
    </message>
    <message>
        <location filename="../../widgets/step_up_card.py" line="184"/>
        <source>Not signed in again.</source>
        <translation>再サインインしませんでした。</translation>
    </message>
</context>
<context>
    <name>StepUpController</name>
    <message>
        <location filename="../../controllers/step_up.py" line="127"/>
        <source>You signed in as another account.</source>
        <translation>別のアカウントでサインインしました。</translation>
    </message>
    <message>
        <location filename="../../controllers/step_up.py" line="131"/>
        <source>Signed in again with “%1”. Asking again…</source>
        <translation>「%1」付きでもう一度サインインしました。再度問い合わせています…</translation>
    </message>
</context>
<context>
    <name>ToolCardView</name>
    <message>
        <location filename="../../widgets/tool_card.py" line="258"/>
        <location filename="../../widgets/tool_card.py" line="277"/>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="279"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="279"/>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="260"/>
        <source>Running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="261"/>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="262"/>
        <location filename="../../widgets/tool_card.py" line="291"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="263"/>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="266"/>
        <source>Running… %1 %</source>
        <translation>実行中… %1 %</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="271"/>
        <source>The gateway&apos;s name for this tool</source>
        <translation>ゲートウェイでのこのツールの名前</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="272"/>
        <source>Tool call: %1</source>
        <translation>ツール呼び出し: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="274"/>
        <source>Show or hide the details (Space)</source>
        <translation>詳細の表示／非表示 (Space)</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="275"/>
        <source>Tool running</source>
        <translation>ツールを実行中</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="283"/>
        <location filename="../../widgets/tool_card.py" line="284"/>
        <source>Gateway details</source>
        <translation>ゲートウェイの詳細</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="288"/>
        <source>Working…</source>
        <translation>処理中…</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="289"/>
        <source>Waiting for your input</source>
        <translation>入力を待っています</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="290"/>
        <source>Finishing…</source>
        <translation>完了処理中…</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="292"/>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
</context>
<context>
    <name>ToolResultsController</name>
    <message>
        <location filename="../../controllers/tool_results.py" line="137"/>
        <source>Save %1</source>
        <extracomment>The save dialog while one is open (tests answer it). Where files were saved (for tests and curiosity).</extracomment>
        <translation>%1 を保存</translation>
    </message>
    <message>
        <location filename="../../controllers/tool_results.py" line="148"/>
        <source>Not saved: %1</source>
        <translation>保存しませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../controllers/tool_results.py" line="151"/>
        <source>Saved to %1</source>
        <translation>%1 に保存しました</translation>
    </message>
</context>
<context>
    <name>ToolsPanelController</name>
    <message>
        <location filename="../../controllers/tools_panel.py" line="66"/>
        <source>Loading tools…</source>
        <translation>ツールを読み込んでいます…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../controllers/tools_panel.py" line="100"/>
        <source>%n tool(s)</source>
        <translation>
            <numerusform>ツール %n 個</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolsPanelView</name>
    <message>
        <location filename="../../widgets/tools_panel.py" line="251"/>
        <source>Tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="252"/>
        <location filename="../../widgets/tools_panel.py" line="253"/>
        <source>Filter tools</source>
        <translation>ツールを絞り込む</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="254"/>
        <source>Gateway tools</source>
        <translation>ゲートウェイのツール</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="255"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="256"/>
        <source>Refresh the tool list</source>
        <translation>ツールの一覧を更新</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="257"/>
        <source>MCP protocol %1</source>
        <translation>MCP プロトコル %1</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../widgets/transcript.py" line="414"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="420"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="468"/>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <location filename="../../startup/app.py" line="247"/>
        <source>Your settings have a problem and were not used: %1</source>
        <translation>設定に問題があるため使用しませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="139"/>
        <source>Starting the local demo servers…</source>
        <translation>ローカルのデモサーバーを起動しています…</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="145"/>
        <source>The demo servers did not start</source>
        <translation>デモサーバーを起動できませんでした</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="190"/>
        <location filename="../../controllers/window.py" line="511"/>
        <source>the demo provider</source>
        <translation>デモ用プロバイダー</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="203"/>
        <source>Cannot reach the sign-in server</source>
        <translation>サインインサーバーに接続できません</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="206"/>
        <source>Your sign-in is kept; try again when you are online.</source>
        <translation>サインイン情報は保持しています。オンラインに戻ったら再試行してください。</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="214"/>
        <source>Could not sign you in</source>
        <translation>サインインできませんでした</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="377"/>
        <source>You have signed out.</source>
        <translation>サインアウトしました。</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="101"/>
        <source>Delete all history</source>
        <translation>履歴をすべて削除</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="102"/>
        <source>Delete every saved conversation of this account?</source>
        <translation>このアカウントで保存したすべての会話を削除しますか?</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="105"/>
        <source>They are removed from this computer; this cannot be undone.</source>
        <translation>このコンピューターから削除されます。元に戻すことはできません。</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="108"/>
        <source>Delete all</source>
        <translation>すべて削除</translation>
    </message>
    <message numerus="yes">
        <location filename="../../controllers/window.py" line="444"/>
        <source>Deleted %n saved conversation(s).</source>
        <translation>
            <numerusform>保存した会話を %n 件削除しました。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="137"/>
        <source>About AgentCore Chat</source>
        <translation>AgentCore Chat について</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="139"/>
        <source>&lt;b&gt;AgentCore Chat&lt;/b&gt; 0.1.0</source>
        <translation>&lt;b&gt;AgentCore Chat&lt;/b&gt; 0.1.0</translation>
    </message>
    <message>
        <location filename="../../controllers/window_dialogs.py" line="141"/>
        <source>Ask questions; an agent answers with your company&apos;s tools behind an Amazon Bedrock AgentCore Gateway, using your own sign-in.</source>
        <translation>質問すると、エージェントがあなた自身のサインインで Amazon Bedrock AgentCore Gateway の社内ツールを使って答えます。</translation>
    </message>
    <message>
        <location filename="../../controllers/window.py" line="515"/>
        <source>Demo mode — local sign-in server and gateway, no cloud account</source>
        <translation>デモモード — ローカルのサインインサーバーとゲートウェイを使用(クラウドアカウント不要)</translation>
    </message>
</context>
</TS>
