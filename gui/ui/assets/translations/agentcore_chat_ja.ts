<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
<context>
    <name>ApprovalCardView</name>
    <message>
        <location filename="../../widgets/approval_card.py" line="248"/>
        <source>Allow this tool call?</source>
        <translation>このツール呼び出しを許可しますか？</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="251"/>
        <location filename="../../widgets/approval_card.py" line="252"/>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="253"/>
        <source>Allow &amp;once</source>
        <translation>今回だけ許可(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="254"/>
        <source>Al&amp;ways allow</source>
        <translation>常に許可(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="255"/>
        <source>&amp;Deny</source>
        <translation>拒否(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="256"/>
        <source>Run this call; ask again next time</source>
        <translation>この呼び出しを実行し、次回も確認します</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="258"/>
        <source>Run it, and never ask again for this tool (Settings can revoke it)</source>
        <translation>実行し、このツールについては今後確認しません（設定で取り消せます）</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="260"/>
        <source>Do not run it; the agent is told you declined</source>
        <translation>実行しません。拒否したことがエージェントに伝わります</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="263"/>
        <source>Allowed once.</source>
        <translation>今回だけ許可しました。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="264"/>
        <source>Always allowed. Settings can revoke it.</source>
        <translation>常に許可しました。設定で取り消せます。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="265"/>
        <source>Denied. The agent was told you declined.</source>
        <translation>拒否しました。エージェントに拒否したことを伝えました。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="266"/>
        <source>Stopped before you answered. The tool did not run.</source>
        <translation>回答前に停止しました。ツールは実行されていません。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="269"/>
        <source>Approval: %1</source>
        <translation>承認: %1</translation>
    </message>
</context>
<context>
    <name>BannerView</name>
    <message>
        <location filename="../../widgets/banner.py" line="56"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../widgets/banner.py" line="57"/>
        <source>Dismiss this message</source>
        <translation>このメッセージを閉じる</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../main_window.py" line="98"/>
        <location filename="../../main_window.py" line="119"/>
        <source>Signing you in…</source>
        <translation>サインインしています…</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="120"/>
        <source>Working</source>
        <translation>処理中</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="121"/>
        <source>&amp;Retry</source>
        <translation>再試行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="122"/>
        <source>Retry signing in</source>
        <translation>サインインを再試行</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="123"/>
        <source>Sign in &amp;again</source>
        <translation>もう一度サインイン(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="124"/>
        <source>Sign in again with the browser</source>
        <translation>ブラウザーでもう一度サインイン</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../chat.py" line="260"/>
        <source>Connecting to the gateway…</source>
        <translation>ゲートウェイに接続しています…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chat.py" line="397"/>
        <source>… %n more character(s) not shown</source>
        <translation>
            <numerusform>…ほか %n 文字は表示していません</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chat.py" line="417"/>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../chat.py" line="486"/>
        <source>Loading tools…</source>
        <translation>ツールを読み込んでいます…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../chat.py" line="497"/>
        <source>%n tool(s)</source>
        <translation>
            <numerusform>ツール %n 個</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../chat.py" line="505"/>
        <source>Offline router</source>
        <translation>オフラインルーター</translation>
    </message>
    <message>
        <location filename="../../chat.py" line="507"/>
        <source>Not a language model: it picks a tool by matching the words of your question.</source>
        <translation>言語モデルではありません: 質問の言葉に合うツールを選んで呼び出します。</translation>
    </message>
    <message>
        <location filename="../../chat.py" line="509"/>
        <source>Model: %1</source>
        <translation>モデル: %1</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../chat.py" line="192"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location filename="../../chat.py" line="193"/>
        <source>Retry connecting</source>
        <translation>接続を再試行</translation>
    </message>
</context>
<context>
    <name>ComposerView</name>
    <message>
        <location filename="../../widgets/composer.py" line="101"/>
        <location filename="../../widgets/composer.py" line="125"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="106"/>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="119"/>
        <source>Ask a question… (Enter sends, Shift+Enter adds a line)</source>
        <translation>質問を入力…（Enter で送信、Shift+Enter で改行）</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="121"/>
        <source>Question</source>
        <translation>質問</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="122"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="123"/>
        <source>Send the question</source>
        <translation>質問を送信</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="124"/>
        <source>Send (Enter)</source>
        <translation>送信 (Enter)</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="126"/>
        <source>Stop the answer</source>
        <translation>回答を停止</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="127"/>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="128"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="129"/>
        <source>Start a new chat</source>
        <translation>新しいチャットを始める</translation>
    </message>
    <message>
        <location filename="../../widgets/composer.py" line="130"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新しいチャット (Ctrl+N)</translation>
    </message>
</context>
<context>
    <name>ConsentCardView</name>
    <message>
        <location filename="../../widgets/consent_card.py" line="144"/>
        <source>%1 needs you to connect an account</source>
        <translation>%1 を使うにはアカウントの接続が必要です</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="146"/>
        <source>(no host)</source>
        <translation>(ホストなし)</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="147"/>
        <source>Link to: %1</source>
        <translation>リンク先: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="150"/>
        <source>This link is not https, so the app will not open it. Open it yourself only if you trust it.</source>
        <translation>このリンクは https ではないため、アプリでは開きません。信頼できる場合にのみ自分で開いてください。</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="154"/>
        <source>Open in browser</source>
        <translation>ブラウザで開く</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="155"/>
        <source>Open %1 in your browser</source>
        <translation>%1 をブラウザで開く</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="156"/>
        <source>I&apos;ve connected</source>
        <translation>接続しました</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="157"/>
        <source>I&apos;ve connected: try the tool again</source>
        <translation>接続しました: ツールをもう一度実行します</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="159"/>
        <source>Waiting for you to connect…</source>
        <translation>接続を待っています…</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="160"/>
        <source>Trying again…</source>
        <translation>もう一度試しています…</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="161"/>
        <source>Connected</source>
        <translation>接続済み</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="162"/>
        <source>Still not connected</source>
        <translation>まだ接続されていません</translation>
    </message>
    <message>
        <location filename="../../widgets/consent_card.py" line="163"/>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>ConversationListView</name>
    <message>
        <location filename="../../widgets/conversation_list.py" line="229"/>
        <source>Search (Ctrl+K)</source>
        <translation>検索 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="230"/>
        <source>Search conversations</source>
        <translation>会話を検索</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="231"/>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="232"/>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>新しい会話を始める (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="233"/>
        <source>Conversations</source>
        <translation>会話</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="234"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="235"/>
        <source>Open with all messages</source>
        <translation>すべてのメッセージを開く</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="236"/>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="237"/>
        <source>Export to Markdown…</source>
        <translation>Markdown に書き出す…</translation>
    </message>
    <message>
        <location filename="../../widgets/conversation_list.py" line="238"/>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
</context>
<context>
    <name>FormCardView</name>
    <message>
        <location filename="../../widgets/form_card.py" line="128"/>
        <source>The tool asks for some details</source>
        <translation>ツールが入力を求めています</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="137"/>
        <source>Accept</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="138"/>
        <source>Decline</source>
        <translation>断る</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="139"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="143"/>
        <source>Sent</source>
        <translation>送信しました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="144"/>
        <source>Declined</source>
        <translation>断りました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="145"/>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="162"/>
        <source>Fill in: %1</source>
        <translation>入力してください: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="165"/>
        <source>Check: %1</source>
        <translation>確認してください: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/form_card.py" line="202"/>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
</context>
<context>
    <name>HistoryController</name>
    <message>
        <location filename="../../history_controller.py" line="63"/>
        <source>%n earlier message(s) not shown; “Open with all messages” in the list shows them.</source>
        <translation>それより前の %n 件は表示していません。一覧の「すべてのメッセージを開く」で表示できます。</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="82"/>
        <source>Stopped.</source>
        <translation>停止しました。</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="193"/>
        <source>Search results</source>
        <translation>検索結果</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="194"/>
        <source>No conversation matches.</source>
        <translation>一致する会話はありません。</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="198"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="199"/>
        <source>Yesterday</source>
        <translation>昨日</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="200"/>
        <source>Earlier</source>
        <translation>それ以前</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="279"/>
        <source>History is off: conversations are not saved.</source>
        <translation>履歴はオフです: 会話は保存されません。</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="341"/>
        <source>Delete conversation</source>
        <translation>会話を削除</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="343"/>
        <source>Delete “%1”?</source>
        <translation>「%1」を削除しますか?</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="344"/>
        <source>It is removed from this computer; this cannot be undone.</source>
        <translation>このコンピューターから削除されます。元に戻すことはできません。</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="346"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="375"/>
        <source>Export to Markdown</source>
        <translation>Markdown に書き出す</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="377"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../../history_controller.py" line="412"/>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../../app.py" line="528"/>
        <source>Something unexpected went wrong.</source>
        <translation>予期しないエラーが発生しました。</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="341"/>
        <source>Signed in as %1</source>
        <translation>%1 としてサインイン中</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="344"/>
        <location filename="../../main_window.py" line="345"/>
        <source>Not signed in</source>
        <translation>サインインしていません</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="357"/>
        <source>AgentCore Chat</source>
        <translation>AgentCore Chat</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="358"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="359"/>
        <source>&amp;Account</source>
        <translation>アカウント(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="360"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="361"/>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="362"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="363"/>
        <source>Sign &amp;out</source>
        <translation>サインアウト(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="364"/>
        <source>&amp;About AgentCore Chat</source>
        <translation>AgentCore Chat について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../main_window.py" line="365"/>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
</context>
<context>
    <name>MessageRow</name>
    <message>
        <location filename="../../widgets/transcript.py" line="253"/>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="259"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="259"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="265"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="266"/>
        <location filename="../../widgets/transcript.py" line="267"/>
        <source>Copy this answer</source>
        <translation>この回答をコピー</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="317"/>
        <source>Code copied</source>
        <translation>コードをコピーしました</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../markdown.py" line="209"/>
        <source>Copy code</source>
        <translation>コードをコピー</translation>
    </message>
</context>
<context>
    <name>PlaceholderChatPage</name>
    <message>
        <location filename="../../main_window.py" line="160"/>
        <source>You are signed in, but the chat could not start: the notice above says why.</source>
        <translation>サインインしましたが、チャットを開始できませんでした。理由は上の通知をご覧ください。</translation>
    </message>
</context>
<context>
    <name>Risk</name>
    <message>
        <location filename="../../widgets/approval_card.py" line="62"/>
        <source>Read-only</source>
        <translation>読み取りのみ</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="63"/>
        <source>May change data</source>
        <translation>データを変更する可能性あり</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="64"/>
        <source>Destructive</source>
        <translation>破壊的</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="72"/>
        <source>The tool says it only reads data.</source>
        <translation>このツールはデータを読み取るだけだと申告しています。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="73"/>
        <source>This tool may change data in your company&apos;s systems, in your name.</source>
        <translation>このツールは、あなたの名前で社内システムのデータを変更する可能性があります。</translation>
    </message>
    <message>
        <location filename="../../widgets/approval_card.py" line="76"/>
        <source>This tool may delete or overwrite data, in your name. It may not be possible to undo it.</source>
        <translation>このツールは、あなたの名前でデータを削除または上書きする可能性があります。元に戻せないことがあります。</translation>
    </message>
</context>
<context>
    <name>SettingsController</name>
    <message>
        <location filename="../../settings.py" line="448"/>
        <source>Could not save the settings: %1</source>
        <translation>設定を保存できませんでした: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../settings.py" line="299"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="301"/>
        <source>&amp;Provider:</source>
        <translation>プロバイダー(&amp;P):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="302"/>
        <source>&amp;Client ID:</source>
        <translation>クライアント ID(&amp;C):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="303"/>
        <source>&amp;Audience (API):</source>
        <translation>オーディエンス（API）(&amp;A):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="304"/>
        <source>&amp;Gateway URL:</source>
        <translation>ゲートウェイ URL(&amp;G):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="305"/>
        <source>&amp;Model provider:</source>
        <translation>モデルの提供元(&amp;M):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="306"/>
        <source>Model &amp;name:</source>
        <translation>モデル名(&amp;N):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="307"/>
        <source>&amp;Base URL:</source>
        <translation>ベース URL(&amp;B):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="308"/>
        <source>&amp;Language:</source>
        <translation>表示言語(&amp;L):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="309"/>
        <source>Ask before &amp;tools run:</source>
        <translation>ツール実行前の確認(&amp;T):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="310"/>
        <source>E&amp;xtra CA file:</source>
        <translation>追加の CA ファイル(&amp;X):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="311"/>
        <source>History:</source>
        <translation>履歴:</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="316"/>
        <source>example.us.auth0.com or https://issuer/</source>
        <translation>example.us.auth0.com または https://issuer/</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="317"/>
        <source>The application&apos;s client ID</source>
        <translation>アプリケーションのクライアント ID</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="318"/>
        <source>The API identifier (optional)</source>
        <translation>API 識別子（省略可）</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="320"/>
        <source>https://….gateway.bedrock-agentcore.….amazonaws.com/mcp</source>
        <translation>https://….gateway.bedrock-agentcore.….amazonaws.com/mcp</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="322"/>
        <source>e.g. global.anthropic.claude-sonnet-4-6</source>
        <translation>例: global.anthropic.claude-sonnet-4-6</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="323"/>
        <source>e.g. http://localhost:11434/v1</source>
        <translation>例: http://localhost:11434/v1</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="324"/>
        <source>Optional: your company&apos;s CA (PEM)</source>
        <translation>任意: 会社の CA 証明書 (PEM)</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="327"/>
        <source>A CA certificate (PEM) to trust besides the system&apos;s, e.g. the one your company uses to inspect TLS.</source>
        <translation>システムの証明書に加えて信頼する CA 証明書 (PEM)。例: 会社が TLS の検査に使う CA。</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="331"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="333"/>
        <source>Amazon Bedrock</source>
        <translation>Amazon Bedrock</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="334"/>
        <source>Anthropic</source>
        <translation>Anthropic</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="335"/>
        <source>OpenAI-compatible (Ollama, LM Studio, vLLM)</source>
        <translation>OpenAI 互換（Ollama、LM Studio、vLLM）</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="336"/>
        <source>Offline router (no language model)</source>
        <translation>オフラインルーター（言語モデルなし）</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="341"/>
        <source>For tools that may change data (recommended)</source>
        <translation>データを変更する可能性のあるツールのみ（推奨）</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="342"/>
        <source>Before every tool</source>
        <translation>すべてのツールで確認</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="343"/>
        <source>Never</source>
        <translation>確認しない</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="347"/>
        <source>Al&amp;ways allowed:</source>
        <translation>常に許可(&amp;W):</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="348"/>
        <source>Tools always allowed</source>
        <translation>常に許可したツール</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="349"/>
        <source>&amp;Revoke</source>
        <translation>取り消す(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="350"/>
        <source>Revoke: ask again before this tool</source>
        <translation>取り消す: このツールの実行前に再び確認します</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="352"/>
        <source>No tool is always allowed. Answer “Always allow” on a tool&apos;s card to add one.</source>
        <translation>常に許可したツールはありません。ツールのカードで「常に許可」を選ぶと追加されます。</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="354"/>
        <source>&amp;Keep history on this computer</source>
        <translation>この PC に履歴を残す(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="355"/>
        <source>Keep history</source>
        <translation>履歴を残す</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="356"/>
        <source>&amp;Delete all history…</source>
        <translation>履歴をすべて削除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="357"/>
        <source>Delete all saved conversations</source>
        <translation>保存したすべての会話を削除</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="358"/>
        <source>System</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="361"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="362"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="386"/>
        <source>Extra CA certificate</source>
        <translation>追加の CA 証明書</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="388"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 証明書 (*.pem *.crt *.cer);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../settings.py" line="467"/>
        <source>Welcome! To sign you in, AgentCore Chat needs your organisation&apos;s sign-in provider (an Auth0 domain such as example.us.auth0.com, or an OpenID Connect issuer URL), the application&apos;s client ID and the AgentCore Gateway URL. Your administrator can give you these.</source>
        <translation>ようこそ。サインインするには、組織のサインインプロバイダー（example.us.auth0.com のような Auth0 ドメイン、または OpenID Connect の発行者 URL）、アプリケーションのクライアント ID、AgentCore Gateway の URL が必要です。これらは管理者にお問い合わせください。</translation>
    </message>
</context>
<context>
    <name>SignInController</name>
    <message>
        <location filename="../../sign_in_controller.py" line="123"/>
        <source>Copied</source>
        <translation>コピーしました</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="173"/>
        <location filename="../../sign_in_controller.py" line="202"/>
        <source>Sign-in did not finish</source>
        <translation>サインインを完了できませんでした</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="181"/>
        <source>Access denied</source>
        <translation>アクセスが拒否されました</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="182"/>
        <source>The sign-in provider refused: %1</source>
        <translation>サインインのプロバイダーに拒否されました: %1</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="188"/>
        <source>The code expired</source>
        <translation>コードの有効期限が切れました</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="189"/>
        <source>The code was not approved in time. Try again to get a new one.</source>
        <translation>時間内に承認されませんでした。もう一度お試しいただくと、新しいコードが発行されます。</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="195"/>
        <source>Cannot connect securely to the sign-in server</source>
        <translation>サインインサーバーに安全に接続できません</translation>
    </message>
    <message>
        <location filename="../../sign_in_controller.py" line="200"/>
        <source>Cannot reach the sign-in server</source>
        <translation>サインインサーバーに接続できません</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../sign_in.py" line="350"/>
        <source>Sign-in code %1</source>
        <translation>サインインコード %1</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="367"/>
        <source>This link was not opened: it is not a secure (https) address. Check with your administrator before you visit it.</source>
        <translation>このリンクは安全な (https) アドレスではないため開きませんでした。アクセスする前に管理者に確認してください。</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="376"/>
        <source>Code expires in %1</source>
        <translation>コードの有効期限まで %1</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="408"/>
        <source>Sign in to AgentCore Chat</source>
        <translation>AgentCore Chat にサインイン</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="411"/>
        <source>Your company&apos;s tools answer with your own permissions, so first sign in with your work account.</source>
        <translation>社内ツールはあなた自身の権限で応答します。まず仕事用のアカウントでサインインしてください。</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="417"/>
        <source>Demo: approve as Alice (has the gateway role) or as Bob (does not) on the local sign-in page.</source>
        <translation>デモ: ローカルのサインインページで、Alice（ゲートウェイのロールあり）または Bob（ロールなし）として承認してください。</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="421"/>
        <source>&amp;Sign in with %1</source>
        <translation>%1 でサインイン(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="423"/>
        <source>Sign in with %1</source>
        <translation>%1 でサインイン</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="426"/>
        <source>Your browser opens to confirm; nothing to type here, no password stored.</source>
        <translation>確認のためにブラウザーが開きます。ここで入力するものはなく、パスワードも保存しません。</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="428"/>
        <source>Check that your browser shows this code:</source>
        <translation>ブラウザーに次のコードが表示されていることを確認してください:</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="429"/>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="430"/>
        <source>Copy the code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="431"/>
        <source>&amp;Open the page again</source>
        <translation>ページをもう一度開く(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="432"/>
        <source>Open the sign-in page in the browser again</source>
        <translation>サインインページをブラウザーでもう一度開く</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="434"/>
        <source>QR code of the sign-in link</source>
        <translation>サインインリンクの QR コード</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="435"/>
        <source>Scan to approve on your phone</source>
        <translation>スマートフォンで読み取って承認</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="436"/>
        <source>Or scan with your phone</source>
        <translation>スマートフォンで読み取ることもできます</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="437"/>
        <source>Waiting for approval</source>
        <translation>承認を待っています</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="438"/>
        <source>Waiting for you to approve in the browser…</source>
        <translation>ブラウザーでの承認を待っています…</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="439"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="440"/>
        <source>Cancel sign-in</source>
        <translation>サインインをキャンセル</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="441"/>
        <source>Time left</source>
        <translation>残り時間</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="443"/>
        <source>&amp;Try again</source>
        <translation>もう一度試す(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="444"/>
        <source>Try signing in again</source>
        <translation>もう一度サインインを試す</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="447"/>
        <source>AgentCore Chat needs to know where you sign in before it can start: your Auth0 domain (or OpenID Connect issuer), the application&apos;s client ID and the gateway&apos;s URL. Your administrator can give you these.</source>
        <translation>使い始める前に、サインイン先を設定する必要があります: Auth0 ドメイン（または OpenID Connect の発行者）、アプリケーションのクライアント ID、ゲートウェイの URL。これらは管理者にお問い合わせください。</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="452"/>
        <source>Open &amp;Settings…</source>
        <translation>設定を開く(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../sign_in.py" line="453"/>
        <source>Open settings</source>
        <translation>設定を開く</translation>
    </message>
</context>
<context>
    <name>ToolCardView</name>
    <message>
        <location filename="../../widgets/tool_card.py" line="160"/>
        <location filename="../../widgets/tool_card.py" line="172"/>
        <source>Arguments</source>
        <translation>引数</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="174"/>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="174"/>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="162"/>
        <source>Running…</source>
        <translation>実行中…</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="163"/>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="164"/>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="165"/>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="168"/>
        <source>Tool call: %1</source>
        <translation>ツール呼び出し: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="170"/>
        <source>Show or hide the details (Space)</source>
        <translation>詳細の表示／非表示 (Space)</translation>
    </message>
    <message>
        <location filename="../../widgets/tool_card.py" line="171"/>
        <source>Tool running</source>
        <translation>ツールを実行中</translation>
    </message>
</context>
<context>
    <name>ToolsPanelView</name>
    <message>
        <location filename="../../widgets/tools_panel.py" line="195"/>
        <source>Tools</source>
        <translation>ツール</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="196"/>
        <location filename="../../widgets/tools_panel.py" line="197"/>
        <source>Filter tools</source>
        <translation>ツールを絞り込む</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="198"/>
        <source>Gateway tools</source>
        <translation>ゲートウェイのツール</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="199"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../widgets/tools_panel.py" line="200"/>
        <source>Refresh the tool list</source>
        <translation>ツールの一覧を更新</translation>
    </message>
</context>
<context>
    <name>TranscriptView</name>
    <message>
        <location filename="../../widgets/transcript.py" line="396"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="402"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../../widgets/transcript.py" line="441"/>
        <source>Conversation</source>
        <translation>会話</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <location filename="../../../app.py" line="500"/>
        <source>Your settings have a problem and were not used: %1</source>
        <translation>設定に問題があるため使用しませんでした: %1</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="134"/>
        <source>Starting the local demo servers…</source>
        <translation>ローカルのデモサーバーを起動しています…</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="140"/>
        <source>The demo servers did not start</source>
        <translation>デモサーバーを起動できませんでした</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="196"/>
        <location filename="../../window_controller.py" line="461"/>
        <source>the demo provider</source>
        <translation>デモ用プロバイダー</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="209"/>
        <source>Cannot reach the sign-in server</source>
        <translation>サインインサーバーに接続できません</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="212"/>
        <source>Your sign-in is kept; try again when you are online.</source>
        <translation>サインイン情報は保持しています。オンラインに戻ったら再試行してください。</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="220"/>
        <source>Could not sign you in</source>
        <translation>サインインできませんでした</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="341"/>
        <source>You have signed out.</source>
        <translation>サインアウトしました。</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="408"/>
        <source>Delete all history</source>
        <translation>履歴をすべて削除</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="409"/>
        <source>Delete every saved conversation of this account?</source>
        <translation>このアカウントで保存したすべての会話を削除しますか?</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="411"/>
        <source>They are removed from this computer; this cannot be undone.</source>
        <translation>このコンピューターから削除されます。元に戻すことはできません。</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="414"/>
        <source>Delete all</source>
        <translation>すべて削除</translation>
    </message>
    <message numerus="yes">
        <location filename="../../window_controller.py" line="446"/>
        <source>Deleted %n saved conversation(s).</source>
        <translation>
            <numerusform>保存した会話を %n 件削除しました。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="465"/>
        <source>About AgentCore Chat</source>
        <translation>AgentCore Chat について</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="467"/>
        <source>&lt;b&gt;AgentCore Chat&lt;/b&gt; 0.1.0</source>
        <translation>&lt;b&gt;AgentCore Chat&lt;/b&gt; 0.1.0</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="470"/>
        <source>Ask questions; an agent answers with your company&apos;s tools behind an Amazon Bedrock AgentCore Gateway, using your own sign-in.</source>
        <translation>質問すると、エージェントがあなた自身のサインインで Amazon Bedrock AgentCore Gateway の社内ツールを使って答えます。</translation>
    </message>
    <message>
        <location filename="../../window_controller.py" line="478"/>
        <source>Demo mode — local sign-in server and gateway, no cloud account</source>
        <translation>デモモード — ローカルのサインインサーバーとゲートウェイを使用(クラウドアカウント不要)</translation>
    </message>
</context>
</TS>
