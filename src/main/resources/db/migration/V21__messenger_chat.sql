-- Messengers (issue 20): the client's Telegram chat. The Bot API can write only to a chat that
-- wrote to the bot first, so the chat id is learned from the client's first message (webhook) and
-- kept on the contact; WhatsApp needs nothing new — its address is the contact's phone.
ALTER TABLE contact ADD COLUMN telegram_chat_id VARCHAR(32);
CREATE UNIQUE INDEX contact_telegram_chat_uq ON contact (telegram_chat_id);
